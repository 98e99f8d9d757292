import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * 找到随源码发布的非 TS 文件（.sql、沙箱工作进程 worker.mjs）。
 *
 * 开发、测试（vitest）和 CLI（tsx）里，模块就在 src/ 下，按 import.meta.url 的相对位置即可找到；
 * `vite build` 之后服务端代码被打包到 build/server/chunks/，文件不在那里，于是退回到
 * “项目根目录/相对路径”（`npm start` 从项目根目录启动），最后还可以用环境变量指定。
 *
 * @param metaUrl   调用方的 import.meta.url
 * @param localName 相对调用方模块的文件名，如 './schema.sql'
 * @param fromRoot  相对项目根目录的路径，如 'src/lib/server/appdb/schema.sql'
 * @param envVar    可选：覆盖路径的环境变量名
 */
export function locateSourceFile(metaUrl: string, localName: string, fromRoot: string, envVar?: string): string {
  const candidates: string[] = [];
  const fromEnv = envVar ? process.env[envVar] : undefined;
  if (fromEnv) candidates.push(path.resolve(fromEnv));
  try {
    // 拼接而不是字面量，免得 Vite 把它当成需要打包的资源
    candidates.push(fileURLToPath(new URL(localName, metaUrl)));
  } catch {
    /* 非 file: URL（打包后）时忽略 */
  }
  candidates.push(path.resolve(process.cwd(), fromRoot));
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(`找不到文件 ${fromRoot}（已尝试：${candidates.join('，')}）。请在项目根目录启动服务。`);
}
