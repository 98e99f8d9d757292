/**
 * 数仓 SQL 命令行：与网页 SQL 控制台使用同一个沙箱（独立进程、只读、禁止文件/网络/扩展、单条只读语句、超时与行数上限）。
 *
 *   npm run sql -- "SELECT name FROM departments"          # 对齐表格（汉字按两列宽）
 *   npm run sql -- --csv "FROM units LIMIT 10" > units.csv
 *   npm run sql -- --json "SUMMARIZE contracts"
 *   npm run sql                                             # 交互模式：以 ; 结束语句，.help 查看命令
 *
 * 选项：--csv | --json、--limit 行数（默认与上限 100000）、--timeout 秒（默认 30）、--warehouse 路径
 * 数仓路径：--warehouse 或环境变量 WAREHOUSE_PATH（默认 data/warehouse/warehouse.duckdb）。
 */
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { sandboxConfigFromEnv, SqlSandbox, type SandboxOutcome } from '../lib/server/sql-sandbox/index';
import { formatCsv, formatJson, formatTable } from './table';

type Mode = 'table' | 'csv' | 'json';

const HELP = `交互命令：
  以分号 ; 结束一条语句（可跨多行）
  .tables        列出数仓的表和视图
  .mode table|csv|json  切换输出格式
  .help          显示本帮助
  .quit / .exit  退出（或 Ctrl-D）
只允许只读查询：SELECT、WITH、FROM、VALUES、PIVOT/UNPIVOT、DESCRIBE、SUMMARIZE、SHOW、EXPLAIN；一次一条。`;

function render(outcome: SandboxOutcome, mode: Mode): { out: string; err: string; code: number } {
  if (!outcome.ok) return { out: '', err: outcome.message, code: 1 };
  const rows = outcome.rows ?? [];
  let out: string;
  if (mode === 'csv') out = formatCsv(outcome.columns, rows);
  else if (mode === 'json') out = formatJson(outcome.columns, rows) + '\n';
  else out = formatTable(outcome.columns, rows) + '\n';
  let err = `（${outcome.rowCount} 行，${outcome.ms} 毫秒）`;
  if (outcome.truncated === 'rows') err += `\n注意：结果已截断到前 ${outcome.rowLimit} 行（行数上限）。`;
  if (outcome.truncated === 'bytes') err += '\n注意：结果过大，已截断。';
  return { out, err, code: 0 };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      csv: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      timeout: { type: 'string' },
      warehouse: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  });
  if (values.help) {
    console.log(`用法：npm run sql -- [--csv|--json] [--limit 行数] [--timeout 秒] [--warehouse 路径] ["SQL"]\n\n${HELP}`);
    return 0;
  }
  const cfg = sandboxConfigFromEnv();
  if (values.warehouse) cfg.warehousePath = path.resolve(values.warehouse);
  if (values.timeout) {
    const t = Number(values.timeout);
    if (!(t > 0)) throw new Error('--timeout 必须是正数（秒）。');
    cfg.timeoutMs = Math.round(t * 1000);
  }
  const limit = values.limit ? Number(values.limit) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error('--limit 必须是正整数。');
  cfg.poolSize = 1;
  let mode: Mode = values.csv ? 'csv' : values.json ? 'json' : 'table';

  const sandbox = new SqlSandbox(cfg);
  try {
    if (positionals.length > 0) {
      const r = render(await sandbox.run(positionals.join(' '), { limit, format: 'rows' }), mode);
      process.stdout.write(r.out);
      if (r.err) process.stderr.write(r.err + '\n');
      return r.code;
    }

    // 交互模式
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
    if (process.stdin.isTTY) console.log(`数仓：${cfg.warehousePath}\n输入 .help 查看命令。`);
    let buffer = '';
    const prompt = () => {
      if (!process.stdin.isTTY) return;
      rl.setPrompt(buffer ? '   ...> ' : 'sql> ');
      rl.prompt();
    };
    prompt();
    for await (const line of rl) {
      const trimmed = line.trim();
      if (!buffer && trimmed.startsWith('.')) {
        const [cmd, arg] = trimmed.split(/\s+/);
        if (cmd === '.quit' || cmd === '.exit') break;
        else if (cmd === '.help') console.log(HELP);
        else if (cmd === '.mode' && (arg === 'table' || arg === 'csv' || arg === 'json')) mode = arg;
        else if (cmd === '.tables') {
          const r = render(await sandbox.run('SHOW TABLES', { format: 'rows' }), mode);
          process.stdout.write(r.out);
          if (r.err) console.error(r.err);
        } else console.error(`未知命令：${trimmed}（.help 查看命令）`);
        prompt();
        continue;
      }
      buffer += (buffer ? '\n' : '') + line;
      if (trimmed.endsWith(';')) {
        const sql = buffer;
        buffer = '';
        const r = render(await sandbox.run(sql, { limit, format: 'rows' }), mode);
        process.stdout.write(r.out);
        if (r.err) console.error(r.err);
      }
      prompt();
    }
    rl.close();
    // 管道输入最后一条没有分号的语句也执行
    if (buffer.trim()) {
      const r = render(await sandbox.run(buffer, { limit, format: 'rows' }), mode);
      process.stdout.write(r.out);
      if (r.err) console.error(r.err);
      return r.code;
    }
    return 0;
  } finally {
    sandbox.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
);
