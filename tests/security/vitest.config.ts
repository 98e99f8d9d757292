/**
 * 安全测试的 vitest 配置：沿用项目配置（vite.config.ts），只把 include 换成本目录。
 * 运行：npx vitest run --config tests/security/vitest.config.ts
 * （项目 vite.config.ts 的 include 加上 'tests/security/**\/*.test.ts' 之后，`npx vitest run` 也会运行它们。）
 */
import base from '../../vite.config';

const config = { ...base, test: { ...base.test, include: ['tests/security/**/*.test.ts'] } };
export default config;
