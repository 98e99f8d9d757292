// DuckDB 数据块 → Arrow 列（SQL 沙箱工作进程 worker.mjs 用；基准 bench/cases/sql.ts 也用它做对照）。
//
// 快路径：直接读 @duckdb/node-api 向量底下的类型化数组（数值、日期、时间戳）、有效位图（与 Arrow 的空值位图
// 位序相同）和 VARCHAR 的原始 UTF-8 字节，不为每个值创建 JS 对象或字符串；这些是 @duckdb/node-api 1.5.5 的内部字段，
// 形状不符时退回到逐值 getItem 的慢路径（结果相同）。新启动的工作进程里 V8 还没优化过这些代码，逐值的路径尤其慢，
// 而每条查询都在一个新进程里执行。
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** @type {typeof import('@duckdb/node-api')} */
const { DuckDBTypeId } = require('@duckdb/node-api');
/** @type {typeof import('apache-arrow')} */
const arrow = require('apache-arrow');
/** 读超过 12 字节的 VARCHAR（指针指向 DuckDB 的字符串堆）。 */
const bindings = (() => {
  try {
    const b = require('@duckdb/node-bindings');
    return typeof b.get_data_from_pointer === 'function' ? b : null;
  } catch {
    return null;
  }
})();

export function bitmapSet(bitmap, i) {
  bitmap[i >> 3] |= 1 << (i & 7);
}

/** DuckDB 列类型 → Arrow 列的构建方式。 */
export function columnPlan(type) {
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
      return { arrowType: new arrow.Float64(), kind: 'bigint', id };
    case DuckDBTypeId.DECIMAL:
      return { arrowType: new arrow.Float64(), kind: 'decimal', width: type.width, scale: type.scale };
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
    case DuckDBTypeId.VARCHAR:
      return { arrowType: new arrow.Utf8(), kind: 'str', varchar: true };
    default:
      // ENUM、UUID、TIME、INTERVAL、LIST、STRUCT、MAP、BLOB……：以 DuckDB 的文本形式输出。
      return { arrowType: new arrow.Utf8(), kind: 'str' };
  }
}

const encoder = new TextEncoder();

/** 把一列（JS 值数组，null 表示空）构建成 Arrow Data。 */
export function buildData(plan, values) {
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
export function approxBytes(plan, v) {
  if (v === null || v === undefined) return 0;
  if (plan.kind === 'str') return typeof v === 'string' ? v.length * 3 : 32;
  return 8;
}

/** 结果转文本（CLI 用）：null → null，其余 → DuckDB 的文本形式。 */
export function toText(plan, v) {
  if (v === null || v === undefined) return null;
  if (plan.kind === 'decimal') return v.toString();
  return typeof v === 'string' ? v : String(v);
}


// ---------------------------------------------------------------- 快路径

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/**
 * 向量的有效位图 → Arrow 空值位图（前 n 行，复制一份）与空值数；全部有效时 bitmap 为 null。
 * 形状不符（不是 1.5.5 的 DuckDBValidity）时返回 undefined。
 */
function validityOf(vector, n) {
  const v = vector.validity;
  if (!v || v.offset !== 0) return undefined;
  if (v.data === null) return { bitmap: null, nullCount: 0 };
  if (!(v.data instanceof BigUint64Array)) return undefined;
  const nBytes = (n + 7) >> 3;
  const bitmap = new Uint8Array(v.data.buffer, v.data.byteOffset, nBytes).slice();
  let valid = 0;
  const full = n >> 3;
  for (let i = 0; i < full; i++) valid += POPCOUNT[bitmap[i]];
  if (n & 7) {
    bitmap[full] &= (1 << (n & 7)) - 1;
    valid += POPCOUNT[bitmap[full]];
  }
  return { bitmap, nullCount: n - valid };
}

function data(plan, length, validity, fields) {
  return arrow.makeData({ type: plan.arrowType, length, nullCount: validity.nullCount, nullBitmap: validity.bitmap ?? undefined, ...fields });
}

/**
 * 两段字符串之间最多隔这么多字节时合并成一次读取。间隔小于一页（4 KB），合并后的区间所跨的每一页都至少含有
 * 其中某个字符串的一个字节：内存按页映射，这样的区间一定可读（不会读到未映射的页）。
 */
const MAX_GAP = 256;
/** Longest run read at once (one long string may be longer: it is read alone). */
const MAX_RUN = 1 << 20;
/**
 * Pointers are kept as doubles, exact below 2^53. User-space addresses on Linux x86-64 and arm64 are below 2^48; a
 * high word from 2^21 up (tagged pointers, say) sends the column's strings down the one-read-each path.
 */
const MAX_HIGH_WORD = 0x200000;
const pointerScratch = new BigUint64Array(1);

/**
 * 超过 12 字节的 VARCHAR 在 DuckDB 的字符串堆里（向量里只有长度、前缀与指针）。逐个用 get_data_from_pointer 读
 * 每个要一次原生调用、一块新内存（约 0.7 微秒）；而同一块数据的字符串在堆里多半首尾相接（排序、聚合、扫描的结果都如此）。
 * 按地址排序后，相接或相隔不超过 MAX_GAP 的连成一段，一段只读一次，再按各自的位置切出来放进 out。
 * at/len/pos：每个长字符串的地址、字节数、在 out 里的位置。
 */
function copyLongStrings(at, len, pos, out) {
  const n = at.length;
  let order = null;
  for (let i = 1; i < n; i++) {
    if (at[i] < at[i - 1]) {
      order = Array.from({ length: n }, (_, j) => j).sort((a, b) => at[a] - at[b]);
      break;
    }
  }
  const idx = (i) => (order ? order[i] : i);
  let i = 0;
  while (i < n) {
    const first = idx(i);
    const start = at[first];
    let end = start + len[first];
    let j = i + 1;
    for (; j < n; j++) {
      const q = idx(j);
      const next = Math.max(end, at[q] + len[q]);
      if (at[q] > end + MAX_GAP || next - start > MAX_RUN) break;
      end = next;
    }
    pointerScratch[0] = BigInt(start);
    const span = bindings.get_data_from_pointer(pointerScratch.buffer, 0, end - start);
    for (let m = i; m < j; m++) {
      const q = idx(m);
      const from = at[q] - start;
      out.set(span.subarray(from, from + len[q]), pos[q]);
    }
    i = j;
  }
}

/** 直接读向量内存的列；不支持的类型或形状返回 null。 */
function rawColumn(plan, vector) {
  const n = vector.itemCount;
  const items = vector.items;
  const dv = vector.dataView;
  switch (plan.kind) {
    case 'num':
      if (!(items instanceof plan.Array)) return null;
      break;
    case 'date':
      if (!(items instanceof Int32Array)) return null;
      break;
    case 'ts':
      if (!(items instanceof BigInt64Array)) return null;
      break;
    case 'bigint':
      if (!(items instanceof BigInt64Array || items instanceof BigUint64Array) && !((plan.id === DuckDBTypeId.HUGEINT || plan.id === DuckDBTypeId.UHUGEINT) && dv instanceof DataView)) return null;
      break;
    case 'decimal':
      if (!(dv instanceof DataView) || typeof plan.width !== 'number') return null;
      break;
    case 'bool':
      if (!(dv instanceof DataView)) return null;
      break;
    case 'str':
      if (!plan.varchar || !(dv instanceof DataView) || !bindings) return null;
      break;
    default:
      return null;
  }
  const validity = validityOf(vector, n);
  if (!validity) return null;
  const isValid = (r) => !validity.bitmap || (validity.bitmap[r >> 3] >> (r & 7)) & 1;

  if (plan.kind === 'str') {
    const u8 = new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength);
    return {
      fast: true,
      bytes: (r) => (isValid(r) ? dv.getUint32(r * 16, true) + 4 : 0),
      build: (take) => {
        const v = { bitmap: validity.bitmap, nullCount: validity.nullCount };
        if (take < n) Object.assign(v, validityOf(vector, take));
        let total = 0;
        let longCount = 0;
        for (let r = 0; r < take; r++) {
          if (!isValid(r)) continue;
          const len = dv.getUint32(r * 16, true);
          total += len;
          if (len > 12) longCount++;
        }
        const out = new Uint8Array(total);
        const valueOffsets = new Int32Array(take + 1);
        // strings of up to 12 bytes sit in the vector itself; longer ones are gathered by copyLongStrings
        const longAt = new Float64Array(longCount);
        const longLen = new Int32Array(longCount);
        const longPos = new Int32Array(longCount);
        const longRow = new Int32Array(longCount);
        let tagged = false;
        let pos = 0;
        let k = 0;
        for (let r = 0; r < take; r++) {
          if (isValid(r)) {
            const off = r * 16;
            const len = dv.getUint32(off, true);
            if (len <= 12) {
              const base = off + 4;
              for (let b = 0; b < len; b++) out[pos + b] = u8[base + b];
            } else {
              const high = dv.getUint32(off + 12, true);
              if (high >= MAX_HIGH_WORD) tagged = true;
              longAt[k] = high * 4294967296 + dv.getUint32(off + 8, true);
              longRow[k] = r;
              longLen[k] = len;
              longPos[k] = pos;
              k++;
            }
            pos += len;
          }
          valueOffsets[r + 1] = pos;
        }
        if (tagged) {
          for (let q = 0; q < longCount; q++) out.set(bindings.get_data_from_pointer(dv.buffer, dv.byteOffset + longRow[q] * 16 + 8, longLen[q]), longPos[q]);
        } else if (longCount > 0) {
          copyLongStrings(longAt, longLen, longPos, out);
        }
        return data(plan, take, v, { valueOffsets, data: out });
      }
    };
  }

  return {
    fast: true,
    bytes: () => 8,
    build: (take) => {
      const v = take < n ? validityOf(vector, take) : { bitmap: validity.bitmap, nullCount: validity.nullCount };
      switch (plan.kind) {
        case 'num':
        case 'date': // DuckDB 的 date_t 与 Arrow DateDay 相同：1970-01-01 起的天数（int32）
        case 'ts': // 同一单位的 int64
          return data(plan, take, v, { data: items.slice(0, take) });
        case 'bigint': {
          const out = new Float64Array(take);
          if (items) {
            for (let r = 0; r < take; r++) out[r] = Number(items[r]);
          } else {
            const signed = plan.id === DuckDBTypeId.HUGEINT;
            for (let r = 0; r < take; r++) {
              const hi = signed ? dv.getBigInt64(r * 16 + 8, true) : dv.getBigUint64(r * 16 + 8, true);
              out[r] = hi === 0n ? Number(dv.getBigUint64(r * 16, true)) : Number((hi << 64n) | dv.getBigUint64(r * 16, true));
            }
          }
          return data(plan, take, v, { data: out });
        }
        case 'decimal': {
          const out = new Float64Array(take);
          const div = 10 ** plan.scale;
          const w = plan.width;
          for (let r = 0; r < take; r++) {
            let raw;
            if (w <= 4) raw = dv.getInt16(r * 2, true);
            else if (w <= 9) raw = dv.getInt32(r * 4, true);
            else if (w <= 18) raw = Number(dv.getBigInt64(r * 8, true));
            else raw = Number((dv.getBigInt64(r * 16 + 8, true) << 64n) | dv.getBigUint64(r * 16, true));
            out[r] = raw / div;
          }
          return data(plan, take, v, { data: out });
        }
        case 'bool': {
          const out = new Uint8Array((take + 7) >> 3);
          for (let r = 0; r < take; r++) if (dv.getUint8(r) !== 0) bitmapSet(out, r);
          return data(plan, take, v, { data: out });
        }
      }
      throw new Error(`unexpected column kind ${plan.kind}`);
    }
  };
}

/**
 * 一个数据块里的一列：bytes(r) 是第 r 行的近似字节数（结果大小上限用），build(take) 把前 take 行做成 Arrow Data。
 * 能直接读向量内存时走快路径（fast = true），否则逐值读取（getItem）。
 */
export function columnSource(plan, vector) {
  const raw = rawColumn(plan, vector);
  if (raw) return raw;
  let values = null;
  const vals = () => {
    if (values === null) {
      values = new Array(vector.itemCount);
      for (let r = 0; r < values.length; r++) values[r] = vector.getItem(r);
    }
    return values;
  };
  return {
    fast: false,
    bytes: (r) => approxBytes(plan, vals()[r]),
    build: (take) => buildData(plan, take === vals().length ? vals() : vals().slice(0, take))
  };
}

/** Arrow 的表结构：列名、Arrow 类型，字段元数据 duckdb_type 记 DuckDB 的类型名。 */
export function arrowSchema(names, plans, typeNames) {
  return new arrow.Schema(names.map((name, c) => new arrow.Field(name, plans[c].arrowType, true, new Map([['duckdb_type', typeNames[c]]]))));
}

/** 一组列（Arrow Data）→ 一个记录批次。 */
export function recordBatch(schema, length, children) {
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length, nullCount: 0, children }));
}

/** 记录批次 → Arrow IPC 流（至少要有一个批次，空结果用 0 行的批次）。 */
export function ipcStream(batches) {
  return arrow.RecordBatchStreamWriter.writeAll(batches).toUint8Array(true);
}

/**
 * 整个结果（DuckDBResult，流式）→ Arrow IPC 流，没有行数和大小上限。基准用它在进程内做对照，
 * 与工作进程用的是同一套编码。
 */
export async function resultToArrowIPC(result) {
  const names = [];
  const plans = [];
  const typeNames = [];
  for (let c = 0; c < result.columnCount; c++) {
    const t = result.columnType(c);
    names.push(result.columnName(c));
    plans.push(columnPlan(t));
    typeNames.push(t.toString());
  }
  const schema = arrowSchema(names, plans, typeNames);
  const batches = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    batches.push(recordBatch(schema, n, plans.map((plan, c) => columnSource(plan, chunk.getColumnVector(c)).build(n))));
  }
  if (batches.length === 0) batches.push(recordBatch(schema, 0, plans.map((plan) => buildData(plan, []))));
  return ipcStream(batches);
}

/** Arrow IPC 流的结束标记（continuation 0xFFFFFFFF 与长度 0）。 */
const EOS = new Uint8Array(Int32Array.of(-1, 0).buffer);

/**
 * 逐批写 Arrow IPC 流：batch(b) 返回这一批要写出的字节（第一批带表结构），end() 返回结束标记。
 * 这样结果可以边取边送（工作进程写数据管道时，父进程在另一个核上接收），不必等全部批次做完再整体序列化一遍。
 * 每批用 RecordBatchStreamWriter 单独序列化成“表结构 + 批次 + 结束标记”，去掉重复的表结构与结束标记。
 */
export function ipcStreamer() {
  let schemaLen = -1;
  return {
    batch(b) {
      const bytes = ipcStream([b]);
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (bytes.byteLength < 16 || dv.getInt32(0, true) !== -1 || dv.getInt32(bytes.byteLength - 8, true) !== -1) {
        throw new Error('unexpected Arrow IPC framing');
      }
      if (schemaLen < 0) {
        schemaLen = 8 + dv.getInt32(4, true);
        return bytes.subarray(0, bytes.byteLength - 8);
      }
      return bytes.subarray(schemaLen, bytes.byteLength - 8);
    },
    end() {
      return EOS;
    }
  };
}
