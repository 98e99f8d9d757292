// SQL 沙箱工作进程（由 $lib/server/sql-sandbox/index.ts 通过 child_process.fork 启动）。
//
// 为什么是纯 JavaScript：生产环境用 `node build` 运行，没有 tsx；这个文件必须能被 node 直接执行。
//
// 一个工作进程只服务一条查询，然后被父进程结束（SIGKILL）：
//   * 进程启动后立即打开一个受限的只读 DuckDB 实例并锁定配置，用一条固定的查询预热（见 warmUp），报告 ready，然后等待；
//     这样启动进程、加载 DuckDB、打开实例、读目录（catalog）、编译执行与编码代码的时间都不在查询的关键路径上；
//   * 收到查询后用这个从未执行过用户语句的实例执行它，交回结果；第二条查询一律拒绝；
//     查询之间不留下任何状态（DuckDB 实例、JS 堆、进程本身都是新的）；
//   * 数仓文件被 ETL 原子替换（inode、修改时间或大小变化）后，执行前发现预先打开的实例指向旧文件，就重新打开
//     （父进程也会丢弃这类进程，这里是第二道保险）。
//
// 安全由引擎本身保证，而不是靠解析 SQL 文本：
//   * 实例以 READ_ONLY 打开数仓文件，应用库（用户、会话）从不挂载，本进程也不知道它的路径；
//   * autoinstall/autoload_known_extensions=false，enable_external_access=false（禁止文件、网络、
//     扩展），temp_directory='' 不落盘，memory_limit、threads 有上限；最后 SET lock_configuration=true；
//   * 用 DuckDB 自己的语句拆分（extractStatements）要求恰好一条语句，
//     用预编译语句的类型（statementType）只放行 SELECT 与 EXPLAIN；
//   * 计时器到点调用 connection.interrupt() 中止查询；行数上限截断结果。
//
// 协议（IPC，serialization: 'advanced'；另有一条数据管道 fd 3，只用来送 Arrow 字节）：
//   父 → 子：{ type: 'prepare', warehousePath, memoryLimitMb, threads }（启动后立即发送，只一次）
//            { type: 'run', id, sql, rowLimit, maxBytes, timeoutMs, format }（只一次）
//   子 → 父：{ type: 'ready', fileKey, warm, error? }（实例已打开并锁定，已预热；error：打开失败，执行时会再试一次）
//            { type: 'started', id }（收到查询，尚未执行）
//            { type: 'result', id, ok: true, columns, rowCount, truncated, ms, arrowBytes?, rows?: string[][] }
//            { type: 'result', id, ok: false, kind, detail, statementType?, count?, ms }
//   format = 'arrow' 时 Arrow IPC 流的字节写到 fd 3：每取到一块、编好一批就写（父进程同时在另一个核上接收），
//   写完即关闭；arrowBytes 是总长度。经 IPC 的结构化克隆传几 MB 的字节比直接写管道慢一倍以上。
//   Arrow 编码见 encode.mjs（直接读向量内存，不为每个值建 JS 对象）。
//   kind: 'empty' | 'multi' | 'type' | 'parse' | 'prepare' | 'run' | 'timeout' | 'open' | 'crash'
import { fstatSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { approxBytes, arrowSchema, buildData, columnPlan, columnSource, ipcStreamer, recordBatch, toText } from './encode.mjs';

// 用 require 而不是 import 加载这两个包：二者都有 CommonJS 版本，经 ESM import 加载 CommonJS 时 Node 要逐个文件
// 做导出分析（cjs-module-lexer），@duckdb/node-api 有一百多个文件。实测进程启动到就绪的 CPU 时间约从 0.6 秒降到 0.35 秒，
// 而每条查询都要启动一个新进程。
const require = createRequire(import.meta.url);
/** @type {typeof import('@duckdb/node-api')} */
const { DuckDBInstance, StatementType } = require('@duckdb/node-api');

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
  let connection;
  try {
    connection = await instance.connect();
    // 最后锁定配置：此后任何 SET/RESET/PRAGMA 设置都会被引擎拒绝。
    await connection.run('SET lock_configuration = true');
  } catch (e) {
    try { connection?.closeSync(); } catch { /* ignore */ }
    try { instance.closeSync(); } catch { /* ignore */ }
    throw e;
  }
  return { instance, connection };
}

/** 数仓文件的身份：ETL 以改名方式发布新文件，inode/修改时间/大小任一变化即视为新文件。与 index.ts 的 warehouseSignature 相同。 */
function fileKey(path) {
  try {
    const st = statSync(path);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return 'missing';
  }
}

function errorText(e) {
  return e instanceof Error ? e.message : String(e);
}

/** @type {{ warehousePath: string, memoryLimitMb: number, threads: number } | null} */
let config = null;
/** 预先打开的实例：key 是打开之前看到的数仓文件身份（打开之后文件若再被替换，key 一定对不上，只会多开一次，不会用旧文件）。 */
/** @type {{ key: string, instance: any, connection: any } | null} */
let opened = null;
let openError = '';

async function prepare(msg) {
  config = { warehousePath: msg.warehousePath, memoryLimitMb: msg.memoryLimitMb, threads: msg.threads };
  const key = fileKey(config.warehousePath);
  try {
    opened = { key, ...(await openSandbox(config.warehousePath, config.memoryLimitMb, config.threads)) };
    openError = '';
  } catch (e) {
    opened = null;
    openError = errorText(e);
  }
  const warm = await warmUp();
  process.send?.({ type: 'ready', fileKey: key, warm, ...(opened ? {} : { error: openError }) });
}

/**
 * 预热用的查询：只用 range()，不读数仓；各种列类型都有（数值、DECIMAL、日期、时间戳、布尔、短/长文本、
 * 走逐值慢路径的 INTERVAL 与 LIST），两个数据块。
 */
const WARM_SQL = `SELECT range::INTEGER AS i, range::BIGINT AS b, (range / 7)::DECIMAL(18, 2) AS d, range / 3 AS f,
  DATE '2020-01-01' + (range % 1000)::INTEGER AS dt, TIMESTAMP '2020-01-01' + to_seconds(range) AS ts, range % 2 = 0 AS bo,
  'u' || range AS s, '职务科技成果转化' || range AS l, to_days((range % 9)::INTEGER) AS iv, [range, NULL] AS li
FROM range(4000)`;

/**
 * 在等待查询的空闲时间里，用同一个实例的另一个连接把一条固定的预热查询按 Arrow 与文本两种格式各完整执行一遍
 * （拆分、预编译、流式取块、编码、序列化），结果丢弃。新进程里这些代码第一次运行要解析、编译，循环要跑上几千次
 * V8 才会优化；不预热，这些时间就全算在第一条（也是唯一一条）用户查询上。预热连接随即关闭；它不读数仓，
 * 也不留下任何用户可见的状态（配置已锁定，查询只是 SELECT）。
 * 预热失败不影响查询（只是慢一些）；结果随 ready 报告（{ ms, rows, error? }），测试据此确认预热真的执行了。
 */
async function warmUp() {
  const started = performance.now();
  if (!opened) return { ms: 0, rows: 0, error: 'not opened' };
  let rows = 0;
  let error = '';
  for (const format of ['arrow', 'rows']) {
    // a query that arrived while the worker was still starting does not wait for the rest of the warm-up
    if (served) break;
    let conn;
    try {
      conn = await opened.instance.connect();
      const r = await runQuery({ id: 0, sql: WARM_SQL, rowLimit: format === 'arrow' ? 100_000 : 500, maxBytes: 64 * 1024 * 1024, timeoutMs: 10_000, format }, () => {}, conn);
      if (r.ok) rows += r.rowCount;
      else error ||= `${r.kind}: ${r.detail}`;
    } catch (e) {
      error ||= errorText(e);
    } finally {
      try { conn?.closeSync(); } catch { /* ignore */ }
    }
  }
  return { ms: Math.round(performance.now() - started), rows, ...(error ? { error } : {}) };
}

function closeOpened() {
  if (!opened) return;
  try { opened.connection.closeSync(); } catch { /* ignore */ }
  try { opened.instance.closeSync(); } catch { /* ignore */ }
  opened = null;
}

/** 取用预先打开的实例；数仓文件已被替换或上次没打开时现开一个。 */
async function takeSandbox() {
  if (!config) throw new Error('worker not prepared');
  const key = fileKey(config.warehousePath);
  if (opened && opened.key === key) {
    const s = opened;
    opened = null;
    return s;
  }
  closeOpened();
  return { key, ...(await openSandbox(config.warehousePath, config.memoryLimitMb, config.threads)) };
}

/** Arrow 字节的数据管道（fd 3，父进程创建的 socketpair）；没有时退回到 IPC。 */
let dataPipe = null;
try {
  if (fstatSync(3).isSocket()) dataPipe = new net.Socket({ fd: 3, readable: false, writable: true });
} catch {
  dataPipe = null;
}

// ---------------------------------------------------------------- 执行

/**
 * 执行一条查询。format = 'arrow' 时，Arrow IPC 字节每做好一批就交给 sink（数据管道），结果里只报总字节数；
 * 没有 sink 时收集起来随结果返回。
 * @param {(bytes: Uint8Array) => void} [sink]
 * @param {any} [warmConnection] 只供预热：用这个连接，而不是取用预先打开的实例
 */
async function runQuery(msg, sink, warmConnection) {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (kind, detail, extra = {}) => ({ type: 'result', id: msg.id, ok: false, kind, detail, ms: elapsed(), ...extra });

  if (typeof msg.sql !== 'string' || msg.sql.trim() === '') return fail('empty', '');

  let connection = warmConnection;
  if (!connection) {
    try {
      connection = (await takeSandbox()).connection;
    } catch (e) {
      return fail('open', errorText(e));
    }
  }
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

    const rowsText = [];
    let rowCount = 0;
    let bytes = 0;
    /** @type {false | 'rows' | 'bytes'} */
    let truncated = false;
    const schema = arrowSchema(names, plans, columns.map((c) => c.type));
    const streamer = ipcStreamer();
    /** @type {Uint8Array[]} */
    const pieces = [];
    let arrowBytes = 0;
    let batchCount = 0;
    const emit = (b) => {
      arrowBytes += b.byteLength;
      if (sink) sink(b);
      else pieces.push(b);
    };
    const pushBatch = (length, children) => {
      emit(streamer.batch(recordBatch(schema, length, children)));
      batchCount++;
    };
    const strCols = plans.map((p, c) => (p.kind === 'str' ? c : -1)).filter((c) => c >= 0);
    const fixedRowBytes = plans.reduce((sum, p) => sum + (p.kind === 'str' ? 0 : 8), 0);

    // 按 DuckDB 的数据块逐列处理（每块一个 Arrow 批次），只在最后被截断的那一块逐行计算
    while (true) {
      const chunk = await result.fetchChunk();
      if (timedOut) return fail('timeout', '');
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      // 每列的取值：Arrow 直接读向量（encode.mjs），文本行（CLI）逐值读取
      /** @type {{ bytes: (r: number) => number, build: (take: number) => any }[]} */
      const sources = [];
      /** @type {any[][]} */
      const cols = [];
      for (let c = 0; c < columnCount; c++) {
        if (msg.format === 'arrow') sources.push(columnSource(plans[c], chunk.getColumnVector(c)));
        else cols.push(chunk.getColumnValues(c));
      }
      const rowBytes = msg.format === 'arrow' ? (c, r) => sources[c].bytes(r) : (c, r) => approxBytes(plans[c], cols[c][r]);
      let take = Math.min(n, msg.rowLimit - rowCount);
      if (take < n) truncated = 'rows';
      // 结果大小：先按整块估算，超出时再逐行找截断点
      let chunkBytes = fixedRowBytes * take;
      for (const c of strCols) for (let r = 0; r < take; r++) chunkBytes += rowBytes(c, r);
      if (bytes + chunkBytes > msg.maxBytes) {
        let b = bytes;
        let r = 0;
        for (; r < take; r++) {
          let rb = 0;
          for (let c = 0; c < columnCount; c++) rb += plans[c].kind === 'str' ? rowBytes(c, r) : 8;
          if (b + rb > msg.maxBytes && rowCount + r > 0) break;
          b += rb;
        }
        take = r;
        chunkBytes = b - bytes;
        truncated = 'bytes';
      }
      bytes += chunkBytes;
      if (take > 0) {
        if (msg.format === 'arrow') {
          pushBatch(take, sources.map((s) => s.build(take)));
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
    if (msg.format === 'arrow') {
      if (batchCount === 0) pushBatch(0, plans.map((plan) => buildData(plan, [])));
      emit(streamer.end());
    }

    const out = { type: 'result', id: msg.id, ok: true, columns, rowCount, truncated, ms: elapsed() };
    if (msg.format === 'arrow') {
      if (sink) out.arrowBytes = arrowBytes;
      else out.arrow = concat(pieces, arrowBytes);
    } else {
      out.rows = rowsText;
    }
    return out;
  } catch (e) {
    return fail(timedOut ? 'timeout' : 'run', errorText(e));
  } finally {
    clearTimeout(timer);
    // 不关闭实例：结果交回后父进程立即结束本进程，关闭（释放缓冲池）只会推迟交回结果。
  }
}

function concat(pieces, total) {
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of pieces) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}

let prepared = null;
let served = false;
process.on('message', (msg) => {
  if (!msg) return;
  if (msg.type === 'prepare') {
    if (!prepared) prepared = prepare(msg);
    return;
  }
  if (msg.type !== 'run') return;
  if (served) {
    // 一个进程只服务一条查询：父进程不会这样做；万一发生，拒绝并退出。
    const exit = () => process.exit(1);
    if (process.send) process.send({ type: 'result', id: msg.id, ok: false, kind: 'crash', detail: 'worker already served a query', ms: 0 }, exit);
    else exit();
    return;
  }
  served = true;
  // 先确认收到：父进程据此区分“没开始就死了的进程”（查询可以交给另一个进程）与执行中崩溃（如超出内存，不重试）。
  process.send?.({ type: 'started', id: msg.id });
  void (async () => {
    if (!prepared) prepared = prepare({ warehousePath: msg.warehousePath, memoryLimitMb: msg.memoryLimitMb, threads: msg.threads });
    await prepared;
    let pipeError = null;
    dataPipe?.on('error', (e) => (pipeError ??= e));
    const res = await runQuery(msg, dataPipe ? (b) => dataPipe.write(b) : undefined);
    // 数据管道写完即关闭；父进程按 arrowBytes 收齐字节再交回结果
    dataPipe?.end();
    if (pipeError) {
      process.send?.({ type: 'result', id: msg.id, ok: false, kind: 'crash', detail: `data pipe: ${errorText(pipeError)}`, ms: res.ms });
      return;
    }
    process.send?.(res);
    // 父进程收到结果后结束本进程；父进程若已不在，disconnect 事件让本进程退出。
  })();
});
process.on('disconnect', () => process.exit(0));
