/**
 * 路由 → 角色：全站唯一的访问控制表，hooks.server.ts 对每个请求执行。
 *
 * 规则：
 * - 不在表里的路径一律拒绝（默认拒绝）：匿名访问页面 → 303 到 /login?next=…；匿名访问 /api → 401；已登录 → 403。
 * - 模式 `/x` 只匹配 `/x`；`/x/**` 匹配 `/x` 以及其下所有路径。多条命中时取最具体的一条（字面前缀最长，精确优先）。
 * - 新增页面或接口时，必须在这里加一行，否则任何人都访问不了。
 * - SvelteKit 的 `__data.json`（客户端导航取数）在进入 handle 之前已被还原成页面路径，按页面的规则判断。
 * - 远程函数（/_app/remote/…）的路径由客户端请求头决定，不能按路径授权，hooks 一律拒绝（见 hooks.server.ts）。
 */
import type { Role } from '../../types/user';

export const ALL_ROLES: readonly Role[] = ['admin', 'office', 'dept', 'analyst', 'viewer'];

export type Access = 'public' | readonly Role[];

export interface RouteRule {
  pattern: string;
  access: Access;
  /** 说明（中文） */
  note: string;
}

const READERS = ALL_ROLES;
const SQL_USERS: readonly Role[] = ['analyst', 'office', 'admin'];
const PROGRESS_USERS: readonly Role[] = ['dept', 'office', 'admin'];

export const ROUTE_RULES: readonly RouteRule[] = [
  // —— 公开 ——
  { pattern: '/login', access: 'public', note: '登录页' },
  { pattern: '/logout', access: 'public', note: '退出登录（未登录时直接回到登录页）' },
  { pattern: '/api/session', access: 'public', note: '登录 / 当前用户 / 退出接口' },
  { pattern: '/health', access: 'public', note: '健康检查' },
  { pattern: '/_app/**', access: 'public', note: 'SvelteKit 构建产物（脚本、样式、version.json）' },
  { pattern: '/favicon.png', access: 'public', note: '静态资源' },
  { pattern: '/favicon.ico', access: 'public', note: '静态资源' },
  { pattern: '/favicon.svg', access: 'public', note: '静态资源' },
  { pattern: '/robots.txt', access: 'public', note: '静态资源' },

  // —— 本人账户（任何已登录用户） ——
  { pattern: '/login/password', access: ALL_ROLES, note: '修改本人密码' },

  // —— 只读页面与其数据、导出接口：所有角色 ——
  { pattern: '/', access: READERS, note: '总览' },
  { pattern: '/tasks/**', access: READERS, note: '任务清单' },
  { pattern: '/kpi/**', access: READERS, note: '转化成效' },
  { pattern: '/compliance/**', access: READERS, note: '合规' },
  { pattern: '/evaluation/**', access: READERS, note: '考核评价' },
  { pattern: '/awards/**', access: READERS, note: '奖补资格' },
  { pattern: '/targets/**', access: READERS, note: '2025 目标' },
  { pattern: '/quality/**', access: READERS, note: '数据质量' },
  { pattern: '/api/data/**', access: READERS, note: '页面数据接口' },
  { pattern: '/api/export/**', access: READERS, note: '导出接口' },

  // —— SQL 控制台：分析员、协调办、管理员 ——
  { pattern: '/sql/**', access: SQL_USERS, note: 'SQL 控制台' },
  { pattern: '/api/sql/**', access: SQL_USERS, note: 'SQL 查询接口' },

  // —— 任务进展填报：部门负责人、协调办、管理员 ——
  { pattern: '/progress/**', access: PROGRESS_USERS, note: '任务进展填报' },
  { pattern: '/api/progress/**', access: PROGRESS_USERS, note: '任务进展接口' },

  // —— 管理 ——
  { pattern: '/admin', access: ['office', 'admin'], note: '管理首页（按角色跳转）' },
  { pattern: '/admin/users/**', access: ['admin'], note: '用户管理' },
  { pattern: '/admin/audit/**', access: ['office', 'admin'], note: '审计日志' }
];

/**
 * 与 SvelteKit 相同的路径解码（%25 保持不变，其余按 decodeURI），再去掉结尾的斜杠。
 * 含 `//`、`.`/`..` 段、反斜杠或控制字符的路径视为无效（返回 null → 拒绝）。
 */
export function normalizePath(pathname: string): string | null {
  let p: string;
  try {
    p = pathname.split('%25').map(decodeURI).join('%25');
  } catch {
    return null;
  }
  if (!p.startsWith('/')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f]/.test(p) || p.includes('//') || /\/\.\.?(\/|$)/.test(p)) return null;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

function matches(pattern: string, path: string): boolean {
  if (pattern.endsWith('/**')) {
    const base = pattern.slice(0, -3);
    return path === base || path.startsWith(base + '/');
  }
  return path === pattern;
}

function specificity(pattern: string): number {
  // 精确匹配比同一前缀的 /** 更具体
  return pattern.endsWith('/**') ? (pattern.length - 3) * 2 : pattern.length * 2 + 1;
}

/** 找到适用于该路径的规则；没有则返回 null（默认拒绝）。 */
export function findRule(pathname: string, rules: readonly RouteRule[] = ROUTE_RULES): RouteRule | null {
  const path = normalizePath(pathname);
  if (path === null) return null;
  let best: RouteRule | null = null;
  for (const r of rules) {
    if (matches(r.pattern, path) && (!best || specificity(r.pattern) > specificity(best.pattern))) best = r;
  }
  return best;
}

export type Decision =
  | { kind: 'allow'; rule: RouteRule }
  | { kind: 'login'; rule: RouteRule | null } // 需要登录
  | { kind: 'forbidden'; rule: RouteRule | null }; // 已登录但角色不符，或路径不在表里

/** 纯函数：路径 + 当前角色（null 为匿名）→ 放行 / 需要登录 / 禁止。 */
export function decide(pathname: string, role: Role | null, rules: readonly RouteRule[] = ROUTE_RULES): Decision {
  const rule = findRule(pathname, rules);
  if (rule && rule.access === 'public') return { kind: 'allow', rule };
  if (role === null) return { kind: 'login', rule };
  if (rule && rule.access !== 'public' && rule.access.includes(role)) return { kind: 'allow', rule };
  return { kind: 'forbidden', rule };
}

/** 是否为 API 路径（决定 401/403 用 JSON 还是页面跳转）。 */
export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}
