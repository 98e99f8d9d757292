/**
 * npm run etl -- [--db FILE] [--profile ID] [--as-of YYYY-MM-DD] [--json] PATH...
 * Loads files and folders into the warehouse and publishes it atomically; prints per-file counts,
 * rejects and data-test results (or one JSON summary with --json). Exit code 0 when the load was
 * published (rows may still have been rejected: see the summary), 1 when nothing was published.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { runLoad, type LoadSummary } from './load/run.ts';
import type { FileResult } from './load/load-file.ts';

export const DEFAULT_WAREHOUSE = 'data/warehouse/warehouse.duckdb';

function progressBar(done: number, total: number, r: FileResult): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  process.stderr.write(`\r${bar} ${done}/${total} ${r.fileName.slice(0, 40).padEnd(40)}`);
  if (done === total) process.stderr.write('\n');
}

function printSummary(s: LoadSummary): void {
  const lines: string[] = [];
  lines.push(`加载批次 ${s.loadId} → ${s.db}（政策配置 ${s.profileId}，${s.seconds.toFixed(1)} 秒）`);
  lines.push('');
  lines.push('文件'.padEnd(44) + '类别'.padEnd(18) + '读取'.padStart(8) + '入库'.padStart(8) + '拒收'.padStart(8) + '  状态');
  for (const f of s.files) {
    lines.push(`${f.filePath.slice(0, 42).padEnd(44)}${(f.kind ?? '-').padEnd(18)}${String(f.rowsRead).padStart(8)}${String(f.rowsAccepted).padStart(8)}${String(f.rowsRejected).padStart(8)}  ${f.status}${f.message ? `：${f.message}` : ''}`);
    for (const w of f.warnings) lines.push(`    ⚠ ${w}`);
  }
  lines.push(`合计：读取 ${s.rowsRead} 行，入库 ${s.rowsAccepted} 行，拒收 ${s.rowsRejected} 行（明细见 etl_rejects）`);
  lines.push('');
  const failed = s.tests.filter((t) => t.status === 'fail');
  lines.push(`数据测试：${s.tests.length - failed.length} 通过，${failed.length} 未通过`);
  for (const t of failed) lines.push(`  ✗ ${t.name}（${t.detail}）：${t.failures} 行`);
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      db: { type: 'string', default: process.env.WAREHOUSE_PATH ?? DEFAULT_WAREHOUSE },
      profile: { type: 'string', default: 'liaoning' },
      'as-of': { type: 'string' },
      json: { type: 'boolean', default: false }
    }
  });
  if (positionals.length === 0) {
    console.error('用法：npm run etl -- [--db 仓库文件] [--profile liaoning] [--json] 文件或目录...');
    process.exit(2);
  }
  const summary = await runLoad({
    db: resolve(values.db), inputs: positionals, profileId: values.profile, asOf: values['as-of'],
    onFile: values.json ? undefined : progressBar,
    // for the kill -9 test: hold the finished build before publishing it
    beforePublish: process.env.ETL_PAUSE_BEFORE_PUBLISH_MS
      ? () => {
          process.stderr.write('ETL_PAUSED_BEFORE_PUBLISH\n');
          return new Promise((r) => setTimeout(r, Number(process.env.ETL_PAUSE_BEFORE_PUBLISH_MS)));
        }
      : undefined
  });
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else printSummary(summary);
}

main().catch((e: unknown) => {
  console.error(`ETL 失败，仓库未改动：${(e as Error).message}`);
  process.exit(1);
});
