#!/usr/bin/env bash
# Every test: type check, unit + ETL + policy + analytics + security tests (vitest), then the
# production build and the browser end-to-end tests (headless Debian chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== 类型检查 (svelte-check)"
npx svelte-kit sync
npx svelte-check --tsconfig ./tsconfig.json --threshold error --output human | tail -5
echo "== 单元与 ETL 测试 (vitest)"
npx vitest run
echo "== 浏览器端到端测试 (构建 + headless chromium)"
npx tsx tests/e2e/run.ts
