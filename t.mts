import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
async function q(sql: string) { try { const r = await c.runAndReadAll(sql); console.log(sql.slice(0,60), JSON.stringify(r.getRowObjectsJS(), (_k, v) => typeof v === 'bigint' ? Number(v) : v)); } catch (e) { console.log('ERR', (e as Error).message.slice(0,300)); } }
const opts = `header=false, all_varchar=true, delim=',', quote='"', escape='"', null_padding=true, strict_mode=false, skip=1, columns={'c1':'VARCHAR','c2':'VARCHAR','c3':'VARCHAR'}`;
await q(`SELECT * FROM read_csv('/tmp/t/x.csv', ${opts}) WITH ORDINALITY`);
await q(`SELECT * FROM read_csv('/tmp/t/x.csv', ${opts}, parallel=false) WITH ORDINALITY`);
await q(`SELECT * FROM read_csv('/tmp/t/x.csv', ${opts}, parallel=false, store_rejects=true) WITH ORDINALITY`);
await q(`SELECT * FROM reject_errors`);
await q(`SELECT * FROM read_csv('/tmp/t/x.csv', header=false, all_varchar=true, delim=',', quote='"', escape='"', null_padding=true, skip=1, columns={'c1':'VARCHAR','c2':'VARCHAR','c3':'VARCHAR','c4':'VARCHAR','c5':'VARCHAR'}, parallel=false) WITH ORDINALITY`);
