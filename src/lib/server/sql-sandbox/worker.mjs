// SQL 沙箱工作进程（由 $lib/server/sql-sandbox/index.ts 通过 child_process.fork 启动）。
//
// 为什么是纯 JavaScript：生产环境用 `node build` 运行，没有 tsx；这个文件必须能被 node 直接执行。
//
// 安全由引擎本身保证，而不是靠解析 SQL 文本：
//   * 每条查询都用一个全新的 DuckDB 实例（查询结束即关闭），实例之间不留任何状态
//     （变量、临时表、日志开关……），上一位用户改不了下一位用户的环境。为了不让打开实例的时间
//     算进查询耗时，上一条查询结束后预先打开好下一条要用的实例（“备用实例”，从未执行过任何用户语句）；
//     数仓文件被 ETL 原子替换（inode、修改时间或大小变化）或配置不同时丢弃备用实例，重新打开；
//   * 实例以 READ_ONLY 打开数仓文件，应用库（用户、会话）从不挂载，本进程也不知道它的路径；
//   * autoinstall/autoload_known_extensions=false，enable_external_access=false（禁止文件、网络、
//     扩展），temp_directory='' 不落盘，memory_limit、threads 有上限；最后 SET lock_configuration=true；
//   * 用 DuckDB 自己的语句拆分（extractStatements）要求恰好一条语句，
//     用预编译语句的类型（statementType）只放行 SELECT 与 EXPLAIN；
//   * 计时器到点调用 connection.interrupt() 中止查询；行数上限截断结果。
//
// 协议（IPC，serialization: 'advanced'）：
//   父 → 子：{ type: 'run', id, sql, warehousePath, rowLimit, maxBytes, timeoutMs, memoryLimitMb, threads, format }
//            { type: 'prepare', warehousePath, memoryLimitMb, threads }（启动后预先打开备用实例）
//   子 → 父：{ type: 'ready' }（启动完成）
//            { type: 'result', id, ok: true, columns, rowCount, truncated, ms, arrow?: Uint8Array, rows?: string[][] }
//            { type: 'result', id, ok: false, kind, detail, statementType?, count?, ms }
//   kind: 'empty' | 'multi' | 'type' | 'parse' | 'prepare' | 'run' | 'timeout' | 'open'
import { DuckDBInstance, DuckDBTypeId, StatementType } from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import { statSync } from 'node:fs';

/** 查询允许的语句类型：SELECT（含 WITH、FROM 开头、VALUES、TABLE、PIVOT/UNPIVOT、DESCRIBE、SUMMARIZE、SHOW、PRAGMA 查询函数）与 EXPLAIN。 */
const ALLOWED_TYPES = new Set([StatementType.SELECT, StatementType.EXPLAIN]);

const STATEMENT_TYPE_NAMES = Object.fromEntries(
  Object.entries(StatementType)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v, k])
);

/**
 * 打开一个受限的只读 DuckDB 实例。
 * 选项的顺序有意义：temp_directory 必须在 enable_external_access=false 之前设置，否则 DuckDB 拒绝。
 */
async function openSandbox(path, memoryLimitMb, threads) {
  const instance = await DuckDBInstance.create(path, {
    temp_directory: '', // 不允许溢写到磁盘
    max_temp_directory_size: '0B',
    extension_directory: '/nonexistent-duckdb-extensions',
    access_mode: 'READ_ONLY',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false',
    allow_persistent_secrets: 'false',
    memory_limit: `${memoryLimitMb}MB`,
    threads: String(threads),
    enable_external_access: 'false'
  });
  const connection = await instance.connect();
  // 最后锁定配置：此后任何 SET/RESET/PRAGMA 设置都会被引擎拒绝。
  await connection.run('SET lock_configuration = true');
  return { instance, connection };
}

/** 数仓文件的身份：ETL 以改名方式发布新文件，inode/修改时间/大小任一变化即视为新文件。 */
function fileKey(path) {
  try {
    const st = statSync(path);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return 'missing';
  }
}

function sandboxKey(msg) {
  return `${msg.warehousePath}|${msg.memoryLimitMb}|${msg.threads}|${fileKey(msg.warehousePath)}`;
}

/** @type {{ key: string, promise: Promise<{ instance: any, connection: any }> } | null} */
let spare = null;

function discard(promise) {
  promise.then(
    ({ instance, connection }) => {
      try { connection.closeSync(); } catch { /* ignore */ }
      try { instance.closeSync(); } catch { /* ignore */ }
    },
    () => undefined
  );
}

/** 取一个全新的受限实例：有匹配的备用实例就用它，否则现开。 */
async function takeSandbox(msg) {
  const key = sandboxKey(msg);
  const s = spare;
  spare = null;
  if (s && s.key === key) {
    try {
      return await s.promise;
    } catch {
      /* 备用实例打开失败：现开一个 */
    }
  } else if (s) {
    discard(s.promise);
  }
  return openSandbox(msg.warehousePath, msg.memoryLimitMb, msg.threads);
}

/** 查询结束后预先打开下一条查询要用的实例。 */
function prepareSpare(msg) {
  if (spare) return;
  const key = sandboxKey(msg);
  if (key.endsWith('|missing')) return;
  const promise = openSandbox(msg.warehousePath, msg.memoryLimitMb, msg.threads);
  promise.catch(() => {
    if (spare && spare.promise === promise) spare = null;
  });
  spare = { key, promise };
}

function errorText(e) {
  return e instanceof Error ? e.message : String(e);
}

// ---------------------------------------------------------------- Arrow 构建

function bitmapSet(bitmap, i) {
  bitmap[i >> 3] |= 1 << (i & 7);
}

/** DuckDB 列类型 → Arrow 列的构建方式。 */
function columnPlan(type) {
  const id = type.typeId;
  switch (id) {
    case DuckDBTypeId.BOOLEAN:
      return { arrowType: new arrow.Bool(), kind: 'bool' };
    case DuckDBTypeId.TINYINT:
      return { arrowType: new arrow.Int8(), kind: 'num', Array: Int8Array };
    case DuckDBTypeId.SMALLINT:
      return { arrowType: new arrow.Int16(), kind: 'num', Array: Int16Array };
    case DuckDBTypeId.INTEGER:
      return { arrowType: new arrow.Int32(), kind: 'num', Array: Int32Array };
    case DuckDBTypeId.UTINYINT:
      return { arrowType: new arrow.Uint8(), kind: 'num', Array: Uint8Array };
    case DuckDBTypeId.USMALLINT:
      return { arrowType: new arrow.Uint16(), kind: 'num', Array: Uint16Array };
    case DuckDBTypeId.UINTEGER:
      return { arrowType: new arrow.Uint32(), kind: 'num', Array: Uint32Array };
    case DuckDBTypeId.FLOAT:
      return { arrowType: new arrow.Float32(), kind: 'num', Array: Float32Array };
    case DuckDBTypeId.DOUBLE:
      return { arrowType: new arrow.Float64(), kind: 'num', Array: Float64Array };
    // 64/128 位整数与 DECIMAL 一律转成 DOUBLE：前端表格和图表直接可用（超过 2^53 会丢精度，需要精确值请 CAST 成 VARCHAR）。
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return { arrowType: new arrow.Float64(), kind: 'bigint' };
    case DuckDBTypeId.DECIMAL:
      return { arrowType: new arrow.Float64(), kind: 'decimal' };
    case DuckDBTypeId.DATE:
      return { arrowType: new arrow.DateDay(), kind: 'date' };
    case DuckDBTypeId.TIMESTAMP:
      return { arrowType: new arrow.TimestampMicrosecond(), kind: 'ts', field: 'micros' };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { arrowType: new arrow.TimestampMicrosecond('UTC'), kind: 'ts', field: 'micros' };
    case DuckDBTypeId.TIMESTAMP_MS:
      return { arrowType: new arrow.TimestampMillisecond(), kind: 'ts', field: 'millis' };
    case DuckDBTypeId.TIMESTAMP_S:
      return { arrowType: new arrow.TimestampSecond(), kind: 'ts', field: 'seconds' };
    case DuckDBTypeId.TIMESTAMP_NS:
      return { arrowType: new arrow.TimestampNanosecond(), kind: 'ts', field: 'nanos' };
    default:
      // VARCHAR、ENUM、UUID、TIME、INTERVAL、LIST、STRUCT、MAP、BLOB……：以 DuckDB 的文本形式输出。
      return { arrowType: new arrow.Utf8(), kind: 'str' };
  }
}

const encoder = new TextEncoder();

/** 把一列（JS 值数组，null 表示空）构建成 Arrow Data。 */
function buildData(plan, values) {
  const length = values.length;
  const nullBitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  const type = plan.arrowType;
  switch (plan.kind) {
    case 'bool': {
      const data = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v === null || v === undefined) { nullCount++; continue; }
        bitmapSet(nullBitmap, i);
        if (v) bitmapSet(data, i);
      }
      return arrow.makeData({ type, length, nullCount, nullBitmap, data });
    }
    case 'num':
    case 'bigint':
    case 'decimal': {
      const data = plan.kind === 'num' ? new plan.Array(length) : new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v === null || v === undefined) { nullCount++; continue; }
        bitmapSet(nullBitmap, i);
        data[i] = plan.kind === 'decimal' ? v.toDouble() : Number(v);
      }
      return arrow.makeData({ type, length, nullCount, nullBitmap, data });
    }
    case 'date': {
      const data = new Int32Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v === null || v === undefined || !Number.isFinite(v.days)) { nullCount++; continue; }
        bitmapSet(nullBitmap, i);
        data[i] = v.days;
      }
      return arrow.makeData({ type, length, nullCount, nullBitmap, data });
    }
    case 'ts': {
      const data = new BigInt64Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v === null || v === undefined) { nullCount++; continue; }
        bitmapSet(nullBitmap, i);
        data[i] = BigInt(v[plan.field]);
      }
      return arrow.makeData({ type, length, nullCount, nullBitmap, data });
    }
    default: {
      // Utf8：直接写偏移量与 UTF-8 字节缓冲区（比 vectorFromArray 快一个数量级）。
      const valueOffsets = new Int32Array(length + 1);
      let buf = new Uint8Array(Math.max(64, length * 16));
      let pos = 0;
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v === null || v === undefined) {
          nullCount++;
        } else {
          bitmapSet(nullBitmap, i);
          const s = typeof v === 'string' ? v : String(v);
          // UTF-8 最多每个 UTF-16 码元 3 字节
          const need = pos + s.length * 3;
          if (need > buf.length) {
            const next = new Uint8Array(Math.max(need, buf.length * 2));
            next.set(buf.subarray(0, pos));
            buf = next;
          }
          pos += encoder.encodeInto(s, buf.subarray(pos)).written;
        }
        valueOffsets[i + 1] = pos;
      }
      return arrow.makeData({ type, length, nullCount, nullBitmap, valueOffsets, data: buf.subarray(0, pos) });
    }
  }
}

/** 粗略估计一个值的字节数（用于结果大小上限）。 */
function approxBytes(plan, v) {
  if (v === null || v === undefined) return 0;
  if (plan.kind === 'str') return typeof v === 'string' ? v.length * 3 : 32;
  return 8;
}

/** 结果转文本（CLI 用）：null → null，其余 → DuckDB 的文本形式。 */
function toText(plan, v) {
  if (v === null || v === undefined) return null;
  if (plan.kind === 'decimal') return v.toString();
  return typeof v === 'string' ? v : String(v);
}

// ---------------------------------------------------------------- 执行

async function runQuery(msg) {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (kind, detail, extra = {}) => ({ type: 'result', id: msg.id, ok: false, kind, detail, ms: elapsed(), ...extra });

  if (typeof msg.sql !== 'string' || msg.sql.trim() === '') return fail('empty', '');

  let sandbox;
  try {
    sandbox = await takeSandbox(msg);
  } catch (e) {
    return fail('open', errorText(e));
  }
  const { instance, connection } = sandbox;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try { connection.interrupt(); } catch { /* 已结束 */ }
  }, msg.timeoutMs);

  try {
    // 1. 用 DuckDB 自己的解析器拆分语句：必须恰好一条。
    let extracted;
    try {
      extracted = await connection.extractStatements(msg.sql);
    } catch (e) {
      const detail = errorText(e);
      // 只有注释或空白时 DuckDB 报 “Error in native callback”
      if (/native callback/i.test(detail)) return fail('empty', '');
      return fail('parse', detail);
    }
    if (extracted.count === 0) return fail('empty', '');
    if (extracted.count !== 1) return fail('multi', '', { count: extracted.count });

    // 2. 预编译（绑定阶段的文件、网络访问已被 enable_external_access=false 拦住），再检查语句类型。
    let prepared;
    try {
      prepared = await extracted.prepare(0);
    } catch (e) {
      return fail(timedOut ? 'timeout' : 'prepare', errorText(e));
    }
    const statementType = prepared.statementType;
    if (!ALLOWED_TYPES.has(statementType)) {
      return fail('type', '', { statementType: STATEMENT_TYPE_NAMES[statementType] ?? String(statementType) });
    }

    // 3. 流式执行，按块读取，超过行数或字节上限即停止。
    const result = await prepared.stream();
    const columnCount = result.columnCount;
    const names = [];
    const plans = [];
    for (let c = 0; c < columnCount; c++) {
      names.push(result.columnName(c));
      plans.push(columnPlan(result.columnType(c)));
    }
    const columns = names.map((name, c) => ({ name, type: result.columnType(c).toString() }));

    const batches = [];
    const rowsText = [];
    let rowCount = 0;
    let bytes = 0;
    /** @type {false | 'rows' | 'bytes'} */
    let truncated = false;
    const schema = new arrow.Schema(
      names.map((name, c) => new arrow.Field(name, plans[c].arrowType, true, new Map([['duckdb_type', columns[c].type]])))
    );
    const strCols = plans.map((p, c) => (p.kind === 'str' ? c : -1)).filter((c) => c >= 0);
    const fixedRowBytes = plans.reduce((sum, p) => sum + (p.kind === 'str' ? 0 : 8), 0);
    /** 把 take 行（每列一个数组）做成一个 Arrow 批次 */
    const pushBatch = (cols, take) => {
      const children = plans.map((plan, c) => buildData(plan, take === cols[c].length ? cols[c] : cols[c].slice(0, take)));
      const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length: take, nullCount: 0, children });
      batches.push(new arrow.RecordBatch(schema, struct));
    };

    // 按 DuckDB 的数据块逐列处理（每块一个 Arrow 批次），只在最后被截断的那一块逐行计算
    while (true) {
      const chunk = await result.fetchChunk();
      if (timedOut) return fail('timeout', '');
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const cols = [];
      for (let c = 0; c < columnCount; c++) cols.push(chunk.getColumnValues(c));
      let take = Math.min(n, msg.rowLimit - rowCount);
      if (take < n) truncated = 'rows';
      // 结果大小：先按整块估算，超出时再逐行找截断点
      let chunkBytes = fixedRowBytes * take;
      for (const c of strCols) {
        const col = cols[c];
        for (let r = 0; r < take; r++) chunkBytes += approxBytes(plans[c], col[r]);
      }
      if (bytes + chunkBytes > msg.maxBytes) {
        let b = bytes;
        let r = 0;
        for (; r < take; r++) {
          let rowBytes = 0;
          for (let c = 0; c < columnCount; c++) rowBytes += approxBytes(plans[c], cols[c][r]);
          if (b + rowBytes > msg.maxBytes && rowCount + r > 0) break;
          b += rowBytes;
        }
        take = r;
        chunkBytes = b - bytes;
        truncated = 'bytes';
      }
      bytes += chunkBytes;
      if (take > 0) {
        if (msg.format === 'arrow') {
          pushBatch(cols, take);
        } else {
          for (let r = 0; r < take; r++) {
            const row = [];
            for (let c = 0; c < columnCount; c++) row.push(toText(plans[c], cols[c][r]));
            rowsText.push(row);
          }
        }
        rowCount += take;
      }
      if (truncated || rowCount >= msg.rowLimit) {
        // 恰好取满时再看一块，判断是否还有更多行
        if (!truncated) {
          const more = await result.fetchChunk();
          if (more && more.rowCount > 0) truncated = 'rows';
        }
        break;
      }
    }
    if (timedOut) return fail('timeout', '');
    if (msg.format === 'arrow' && batches.length === 0) pushBatch(plans.map(() => []), 0);

    const out = { type: 'result', id: msg.id, ok: true, columns, rowCount, truncated, ms: elapsed() };
    if (msg.format === 'arrow') {
      out.arrow = arrow.RecordBatchStreamWriter.writeAll(batches).toUint8Array(true);
    } else {
      out.rows = rowsText;
    }
    return out;
  } catch (e) {
    return fail(timedOut ? 'timeout' : 'run', errorText(e));
  } finally {
    clearTimeout(timer);
    try { connection.closeSync(); } catch { /* ignore */ }
    try { instance.closeSync(); } catch { /* ignore */ }
  }
}

// 串行处理：一个工作进程同一时间只跑一条查询（父进程保证，这里再排一次队以防万一）。
let chain = Promise.resolve();
process.on('message', (msg) => {
  if (msg && msg.type === 'prepare') {
    chain = chain.then(() => prepareSpare(msg));
    return;
  }
  if (!msg || msg.type !== 'run') return;
  chain = chain.then(async () => {
    const res = await runQuery(msg);
    process.send?.(res);
    prepareSpare(msg);
  });
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
