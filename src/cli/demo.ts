/**
 * npm run demo: builds the warehouse from the bundled sample data (data/sample), builds the app,
 * and serves it on 127.0.0.1 (HOST/PORT to change). The sample is fictional and marked 示例数据.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const warehouse = resolve(root, process.env.WAREHOUSE_PATH ?? 'data/warehouse/warehouse.duckdb');
const host = process.env.HOST ?? '127.0.0.1';
const port = process.env.PORT ?? '3000';

function step(title: string, cmd: string, args: string[]): void {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, WAREHOUSE_PATH: warehouse } });
  if (r.status !== 0) {
    console.error(`✗ ${title} 失败（退出码 ${r.status}）`);
    process.exit(r.status ?? 1);
  }
}

step('加载示例数据到仓库', process.execPath, ['--import', 'tsx', 'etl/cli.ts', '--db', warehouse, 'data/sample']);
step('构建网页应用', process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
console.log(`\n▶ 启动服务：http://${host}:${port}/  （Ctrl+C 停止）`);
const server = spawn(process.execPath, ['build'], {
  cwd: root, stdio: 'inherit', env: { ...process.env, HOST: host, PORT: port, WAREHOUSE_PATH: warehouse }
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
