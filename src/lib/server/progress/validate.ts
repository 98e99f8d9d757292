/**
 * 周报校验 = ETL 的规则本身：在一个内存 DuckDB 里建好 ETL 模型的输入（tasks、task_departments 取自数仓，
 * dept_aliases 取自 data/policy/departments.yaml，load_ctx 的基准日为今天（北京时间）），然后原样执行
 * etl/models/macros.sql、staging/stg_task_progress.sql、intermediate/int_task_progress.sql。
 *
 * - 上传的文件（CSV 任意编码或 .xlsx）由 ETL 的读取层 etl/read 识别表头，再由 etl/load/raw-load.ts
 *   读成 raw_task_progress（与 `npm run etl` 加载文件的代码相同，行号与 Excel/WPS 中一致）。
 * - 网页表单的行直接写成同形的 raw_task_progress（全部为文本），再走同样的 stg/int 模型。
 * - 合计行与表格下方的说明行：ETL 把它们拒收为“不作为数据导入”；这里同样不导入，但只作为提示，不阻止提交。
 *
 * SQL 文件以 ?raw 打包进服务端，因此 `vite build` 之后不依赖源码目录的相对位置。
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import macrosSql from '../../../../etl/models/macros.sql?raw';
import stgSql from '../../../../etl/models/staging/stg_task_progress.sql?raw';
import intSql from '../../../../etl/models/intermediate/int_task_progress.sql?raw';
import classifySql from '../../../../etl/models/load/classify_rows.sql?raw';
import { DEFAULT_CONTRACT_DIR, loadContract, type Contract } from '../../../../etl/read/contract';
import { FileReadError } from '../../../../etl/read/errors';
import { sniffFile } from '../../../../etl/read/sniff';
import { classifyRowsSql, openRaw, projectRaw, stagingSql } from '../../../../etl/load/raw-load';
import type { SourceInfo } from '../../../../etl/load/source';
import { loadDepartments } from '../../../../etl/policy/departments';
import { parseNamedSql } from '../appdb/sqlfile';
import validateSql from './validate.sql?raw';
import { policyDir } from './deadline';
import { PROGRESS_COLUMNS, type CellError, type PreviewRow } from '$lib/client/progress/types';

const SQL = parseNamedSql(validateSql);

function sql(name: string): string {
  const s = SQL.get(name);
  if (!s) throw new Error(`src/lib/server/progress/validate.sql 中没有名为 ${name} 的语句`);
  return s;
}

async function run(c: DuckDBConnection, name: string, params: Record<string, DuckDBValue> = {}): Promise<void> {
  await c.run(sql(name), params);
}

async function all(c: DuckDBConnection, name: string): Promise<Record<string, unknown>[]> {
  const reader = await c.runAndReadAll(sql(name));
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

/** 校验需要的数仓与政策数据。 */
export interface ValidationContext {
  /** 任务清单的任务序号 */
  tasks: number[];
  /** 任务的责任部门 */
  taskDepartments: { task_no: number; dept_name: string; role: string; position: number }[];
  /** 今天（北京时间），int 模型的 as_of_date */
  asOfDate: string;
}

/** 表单的一行（全部为文本），即 raw_task_progress 的一行。 */
export interface RawProgressRow {
  source_row: number;
  report_week: string | null;
  report_date: string | null;
  task_no: string | null;
  dept_name: string | null;
  status: string | null;
  percent: string | null;
  note: string | null;
  evidence: string | null;
  planned_date: string | null;
}

/** 通过全部规则的一行（已类型化、部门名已规范化）。 */
export interface ValidRow {
  source_row: number;
  report_week: string;
  week_start: string;
  report_date: string | null;
  task_no: number;
  dept_name: string;
  status: string;
  percent: number;
  note: string | null;
  evidence: string | null;
  planned_date: string | null;
}

export interface ValidationResult {
  /** 文件名（表单为“网页表单”） */
  fileName: string;
  /** 表头所在行（表单为 0） */
  headerRow: number;
  columns: { name: string; header: string; letter: string | null }[];
  preview: PreviewRow[];
  /** 没有错误、可以保存的行 */
  valid: ValidRow[];
  /** 阻止提交的错误 */
  errors: CellError[];
  /** 合计行、说明行（不导入，不阻止提交） */
  ignored: number;
  /** 读取层的提示（如无法识别的列） */
  warnings: string[];
}

/** 文件本身无法读取（没有可识别的表头、缺少必填列、格式不支持…），消息为中文。 */
export class FileProblem extends Error {}

let departmentsCache: { dir: string; aliases: { alias: string; name: string }[] } | null = null;

/** 部门写法 → 规范名称（与 ETL 的 dept_aliases 相同的数据）。 */
export function departmentAliases(dir: string = policyDir()): { alias: string; name: string }[] {
  if (departmentsCache?.dir !== dir) {
    const idx = loadDepartments(path.join(dir, 'departments.yaml'));
    departmentsCache = { dir, aliases: [...idx.aliasMap.entries()].map(([alias, name]) => ({ alias, name })) };
  }
  return departmentsCache.aliases;
}

/** 规范化一个部门名称（用与 int 模型相同的写法表）；未知写法原样返回。 */
export function canonicalDept(name: string): string {
  const t = name.trim();
  return departmentAliases().find((a) => a.alias === t)?.name ?? t;
}

let contractCache: Contract | null = null;

/** 数据契约：源码目录（vitest、tsx）或工作目录下的 etl/contract（打包后的服务）。 */
export function contract(): Contract {
  if (!contractCache) {
    const dirs = [DEFAULT_CONTRACT_DIR, path.resolve('etl/contract')];
    const dir = dirs.find((d) => existsSync(path.join(d, 'contract.yaml')));
    if (!dir) throw new Error(`找不到数据契约 etl/contract/contract.yaml（已尝试：${dirs.join('，')}）。请在项目根目录启动服务。`);
    contractCache = loadContract(dir);
  }
  return contractCache;
}

async function withMemoryDb<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const c = await instance.connect();
  try {
    return await fn(c);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

async function prepareContext(c: DuckDBConnection, ctx: ValidationContext, fileName: string): Promise<void> {
  await c.run(macrosSql);
  await run(c, 'context_tasks', { tasks: JSON.stringify(ctx.tasks) });
  await run(c, 'context_task_departments', { rows: JSON.stringify(ctx.taskDepartments) });
  await run(c, 'context_aliases', { rows: JSON.stringify(departmentAliases()) });
  await run(c, 'context_load', { file_name: fileName, as_of_date: ctx.asOfDate });
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Run the ETL's stg and int models on raw_task_progress and collect the outcome of every row. For a
 * file (width = its raw_file's cell count), the failed rows are classified as in a load: blank rows
 * dropped, 合计 and note rows set apart; the form's rows are all data rows.
 */
async function evaluate(c: DuckDBConnection, base: Omit<ValidationResult, 'preview' | 'valid' | 'errors' | 'ignored' | 'columns'>, form: boolean, width = 0): Promise<ValidationResult> {
  await c.run(stagingSql('task_progress', base.headerRow, stgSql));
  if (form) await run(c, 'no_row_classes');
  else await c.run(classifyRowsSql(classifySql, 'task_progress', width));
  await c.run(intSql);
  const columns = (await all(c, 'columns')).map((r) => ({ name: String(r.name), header: String(r.raw_header), letter: str(r.letter) }));
  const colOf = new Map(columns.map((x) => [x.name, x]));
  const order = new Map<string, number>(PROGRESS_COLUMNS.map((x, i) => [x.name, i]));
  columns.sort((a, b) => (order.get(a.name) ?? 99) - (order.get(b.name) ?? 99));
  const preview: PreviewRow[] = [];
  const valid: ValidRow[] = [];
  const errors: CellError[] = [];
  let ignored = 0;
  for (const r of await all(c, 'result')) {
    const row = Number(r.source_row);
    const taskNo = typeof r.task_no === 'number' ? r.task_no : null;
    const list = JSON.parse(String(r.errors ?? '[]')) as { col: string | null; val: string | null; reason: string }[];
    const cells: Record<string, string | null> = {};
    for (const col of PROGRESS_COLUMNS) cells[col.name] = str(r[`raw_${col.name}`]);
    const isIgnored = r.row_class === 'total' || r.row_class === 'note';
    const rowErrors: CellError[] = list.map((e) => {
      const col = e.col ? colOf.get(e.col) : undefined;
      return {
        row: form && taskNo !== null ? taskNo : row,
        task_no: taskNo,
        column: e.col,
        header: e.col ? (col?.header ?? PROGRESS_COLUMNS.find((x) => x.name === e.col)?.header ?? e.col) : null,
        letter: col?.letter ?? null,
        value: e.val,
        reason: e.reason
      };
    });
    if (isIgnored) {
      ignored++;
      preview.push({ row, cells, ignored: rowErrors[0]?.reason ?? '不作为数据导入', errors: [] });
      continue;
    }
    preview.push({ row, cells, ignored: null, errors: rowErrors });
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    valid.push({
      source_row: row,
      report_week: String(r.report_week),
      week_start: String(r.week_start),
      report_date: str(r.report_date),
      task_no: Number(r.task_no),
      dept_name: String(r.dept_name),
      status: String(r.status),
      percent: Number(r.percent),
      note: str(r.note),
      evidence: str(r.evidence),
      planned_date: str(r.planned_date)
    });
  }
  return { ...base, columns, preview, valid, errors, ignored };
}

/** 校验网页表单的行（source_row 为行序号）。 */
export async function validateRows(rows: RawProgressRow[], ctx: ValidationContext): Promise<ValidationResult> {
  return withMemoryDb(async (c) => {
    await prepareContext(c, ctx, '网页表单');
    await run(c, 'raw_from_rows', { rows: JSON.stringify(rows) });
    await run(c, 'columns_from_contract', { rows: JSON.stringify(PROGRESS_COLUMNS.map((x) => ({ name: x.name, raw_header: x.header, letter: null }))) });
    return evaluate(c, { fileName: '网页表单', headerRow: 0, warnings: [] }, true);
  });
}

/**
 * 校验上传的文件（path 的扩展名须为 .csv 或 .xlsx；fileName 为用户看到的文件名）。
 * 文件整体无法读取时抛出 FileProblem。
 */
export async function validateFile(filePath: string, fileName: string, ctx: ValidationContext): Promise<ValidationResult> {
  const spec = contract();
  let sniff;
  try {
    sniff = await sniffFile(filePath, { kind: 'task_progress', label: fileName, contract: spec });
  } catch (e) {
    if (e instanceof FileReadError) throw new FileProblem(e.problems.join('；'));
    throw e;
  }
  const info: SourceInfo = {
    path: filePath,
    relPath: fileName,
    fileName,
    kind: 'task_progress',
    encoding: sniff.format === 'xlsx' ? 'xlsx' : (sniff.csv?.encoding ?? 'utf-8'),
    delimiter: sniff.csv?.delimiter ?? ',',
    headerRow: sniff.headerRowNo,
    headerCells: sniff.match.header,
    mapping: sniff.match.columns.map((col) => col?.name ?? null),
    warnings: sniff.warnings,
    error: null,
    sniff
  };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'progress-raw-'));
  try {
    return await withMemoryDb(async (c) => {
      await prepareContext(c, ctx, fileName);
      // materialised: the preview below shows each row's cells by source_row
      const raw = await openRaw(c, info, { tmpDir: tmp, materialized: true });
      await projectRaw(c, raw, spec.kinds.task_progress);
      return evaluate(c, { fileName, headerRow: sniff.headerRowNo, warnings: sniff.warnings }, false, raw.width);
    });
  } catch (e) {
    if (e instanceof FileReadError) throw new FileProblem(e.problems.join('；'));
    throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
