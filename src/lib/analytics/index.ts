/**
 * 考核评价、奖补资格与 2025 目标页面的纯计算库（浏览器与服务器共用，无 DuckDB、无 Svelte）。
 */
export * from './normalize';
export * from './ahp';
export * from './entropy';
export * from './score';
export * from './sensitivity';
export * from './allocate';
export * from './eligibility';
export * from './forecast';
export * from './progress';
export * from './format';
