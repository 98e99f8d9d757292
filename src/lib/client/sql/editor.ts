/**
 * CodeMirror 6 editor for the SQL console (loaded with a dynamic import from /sql only).
 * SQL highlighting (PostgreSQL dialect, the closest to DuckDB's), completion of keywords, the warehouse's
 * tables and columns (from /api/sql/schema, with their Chinese comments), Ctrl/Cmd+Enter runs.
 */
import { Compartment, EditorSelection, EditorState, Prec } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { PostgreSQL, sql, type SQLNamespace } from '@codemirror/lang-sql';
import { ident } from './ident';
import type { SchemaTable } from './types';

export interface EditorHandle {
  getDoc(): string;
  setDoc(text: string): void;
  /** Insert text at the cursor (replacing the selection) and focus. */
  insert(text: string): void;
  setSchema(tables: SchemaTable[]): void;
  focus(): void;
  destroy(): void;
}

export interface EditorOptions {
  doc: string;
  onRun: () => void;
  onChange: (text: string) => void;
}


function namespace(tables: SchemaTable[]): SQLNamespace {
  const ns: Record<string, SQLNamespace> = {};
  for (const t of tables) {
    ns[t.name] = {
      self: { label: ident(t.name), type: 'type', detail: t.comment ?? t.kind, boost: t.name.startsWith('mart_') ? 1 : 0 },
      children: t.columns.map((c) => ({ label: ident(c.name), type: 'property', detail: c.type, info: c.comment ?? undefined }))
    };
  }
  return ns;
}

/** Unqualified column names of the tables the statement mentions (lang-sql only completes after `table.`). */
function columnSource(getTables: () => SchemaTable[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/[\w\u4e00-\u9fff]+/);
    if (!word || (word.from === word.to && !ctx.explicit)) return null;
    if (ctx.state.sliceDoc(word.from - 1, word.from) === '.') return null;
    const doc = ctx.state.doc.toString().toLowerCase();
    const options: Completion[] = [];
    const seen = new Set<string>();
    for (const t of getTables()) {
      if (!new RegExp(`(^|[^\\w])${t.name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w]|$)`).test(doc)) continue;
      for (const c of t.columns) {
        const key = `${c.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        options.push({ label: ident(c.name), type: 'property', detail: `${t.name} · ${c.type}`, info: c.comment ?? undefined, boost: 2 });
      }
    }
    return options.length ? { from: word.from, options, validFor: /^[\w\u4e00-\u9fff]*$/ } : null;
  };
}

const theme = EditorView.theme({
  '&': { fontSize: '13px', height: '100%', backgroundColor: '#fff' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Noto Sans Mono CJK SC', monospace", lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: '#f7f9fb', color: '#8a94a3', borderRight: '1px solid #dde2e8' },
  '.cm-activeLine': { backgroundColor: '#f3f8fc' },
  '.cm-activeLineGutter': { backgroundColor: '#e6f1f8' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'inherit', maxHeight: '16em' },
  '.cm-completionDetail': { color: '#5f6b7a', fontStyle: 'normal', marginLeft: '1em' },
  '.cm-completionInfo': { maxWidth: '320px', whiteSpace: 'pre-wrap' }
});

export function createEditor(parent: HTMLElement, opts: EditorOptions): EditorHandle {
  let tables: SchemaTable[] = [];
  const language = new Compartment();
  const langFor = (t: SchemaTable[]) => sql({ dialect: PostgreSQL, upperCaseKeywords: true, schema: namespace(t) });

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        autocompletion({ icons: false }),
        language.of(langFor(tables)),
        PostgreSQL.language.data.of({ autocomplete: columnSource(() => tables) }),
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              preventDefault: true,
              run: () => {
                opts.onRun();
                return true;
              }
            }
          ])
        ),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
        placeholder('在此输入一条只读 SQL（SELECT / WITH / FROM / DESCRIBE / SUMMARIZE …），Ctrl+Enter 运行'),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': 'SQL 编辑器', 'data-testid': 'sql-input' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onChange(u.state.doc.toString());
        }),
        theme
      ]
    })
  });

  return {
    getDoc: () => view.state.doc.toString(),
    setDoc(text: string) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: EditorSelection.cursor(text.length) });
      view.focus();
    },
    insert(text: string) {
      view.dispatch(view.state.replaceSelection(text));
      view.focus();
    },
    setSchema(t: SchemaTable[]) {
      tables = t;
      view.dispatch({ effects: language.reconfigure(langFor(t)) });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy()
  };
}
