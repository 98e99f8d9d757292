#!/usr/bin/env bash
# Every test: type check, unit + ETL tests (vitest), production build, browser end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
npx svelte-kit sync
npx svelte-check --tsconfig ./tsconfig.json --threshold error --output machine | tail -3
npx vitest run
