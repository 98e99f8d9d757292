/**
 * 每个请求：取会话 → 按路由表（$lib/server/auth/route-roles.ts）授权 → 交给 SvelteKit → 加安全响应头。
 *
 * - 不在路由表里的路径一律拒绝。匿名访问页面 → 303 /login?next=…；匿名访问 /api → 401 JSON；角色不符 → 403。
 * - 客户端导航的 __data.json 请求按页面路径判断，跳转与错误用 SvelteKit 客户端认得的格式返回。
 * - 远程函数（/_app/remote/…）的目标路径来自客户端请求头，无法按路径授权，一律拒绝。
 * - 初始口令未修改的用户只能访问修改密码页。
 * - /api 的非 GET 请求若带 Origin 头，必须与本站同源（SvelteKit 自带的 CSRF 检查只管表单类型的请求体）。
 */
import { building } from '$app/environment';
import type { Handle, RequestEvent, ServerInit } from '@sveltejs/kit';
import { getAppDb } from '$lib/server/appdb';
import { ensureInitialAdmin } from '$lib/server/auth/bootstrap';
import { withSecurityHeaders } from '$lib/server/auth/headers';
import { decide, findRule, isApiPath } from '$lib/server/auth/route-roles';
import { resolveSession, SESSION_COOKIE } from '$lib/server/auth/session';

export const init: ServerInit = async () => {
  if (building) return;
  const db = await getAppDb();
  await ensureInitialAdmin(db);
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 初始口令未修改时仍可访问的路径 */
const PASSWORD_CHANGE_ALLOWED = ['/login/password', '/logout', '/api/session'];

function jsonResponse(body: unknown, status: number, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...extra } });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 403 页面：不含脚本，不依赖布局（布局可能加载当前角色无权看到的数据）。 */
function forbiddenPage(message: string, username: string | null): Response {
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>无权访问 - 成果转化监测</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}h1{font-size:1.4rem}a{color:#1d4ed8}</style>
</head><body><h1>403 无权访问</h1><p>${escapeHtml(message)}</p>
${username ? `<p>当前用户：${escapeHtml(username)}。如需权限请联系系统管理员。</p>` : ''}
<p><a href="/">返回总览</a> · <a href="/logout">切换用户</a></p></body></html>`;
  return new Response(html, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

function loginLocation(url: URL): string {
  const next = url.pathname + url.search;
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** 页面跳转：普通请求 303；__data.json 请求用 SvelteKit 客户端的 JSON 跳转格式。 */
function redirectTo(event: RequestEvent, location: string): Response {
  if (event.isDataRequest) return jsonResponse({ type: 'redirect', location }, 200);
  return new Response(null, { status: 303, headers: { location } });
}

function forbidden(event: RequestEvent, api: boolean, message: string): Response {
  if (api) return jsonResponse({ error: message }, 403);
  // __data.json：客户端把 JSON 字符串当作错误信息显示
  if (event.isDataRequest) return jsonResponse(message, 403);
  return forbiddenPage(message, event.locals.user?.username ?? null);
}

async function authorize(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
  const { url, request } = event;
  const api = isApiPath(url.pathname);

  // 远程函数：event.url.pathname 被替换成客户端声称的页面路径，不能据此授权
  if (event.isRemoteRequest) return jsonResponse({ error: '不支持远程函数调用。' }, 403);

  // 会话
  event.locals.user = null;
  let mustChangePassword = false;
  const token = event.cookies.get(SESSION_COOKIE);
  if (token) {
    try {
      const s = await resolveSession(await getAppDb(), token);
      if (s) {
        event.locals.user = s.user;
        mustChangePassword = s.mustChangePassword;
      }
    } catch (e) {
      // 应用库不可用：按匿名处理（失败即关闭）
      console.error('[auth] 读取会话失败：', e instanceof Error ? e.message : e);
    }
  }
  const user = event.locals.user;

  // /api 的写请求：若带 Origin 必须同源
  if (api && !SAFE_METHODS.has(request.method)) {
    const origin = request.headers.get('origin');
    if (origin !== null && origin !== url.origin) return jsonResponse({ error: '拒绝跨站请求。' }, 403);
  }

  const decision = decide(url.pathname, user?.role ?? null);
  if (decision.kind === 'login') {
    if (api) return jsonResponse({ error: '请先登录。' }, 401);
    return redirectTo(event, loginLocation(url));
  }
  if (decision.kind === 'forbidden') {
    return forbidden(event, api, decision.rule ? '您的角色无权访问此页面。' : '页面不存在或无权访问。');
  }

  // 初始口令 / 被重置的口令：先改密码
  if (user && mustChangePassword && decision.rule.access !== 'public' && !PASSWORD_CHANGE_ALLOWED.includes(findRule(url.pathname)?.pattern ?? '')) {
    if (api) return jsonResponse({ error: '请先修改初始密码。' }, 403);
    return redirectTo(event, '/login/password');
  }

  return resolve(event);
}

export const handle: Handle = async ({ event, resolve }) => {
  const response = await authorize(event, resolve);
  return withSecurityHeaders(response, {
    https: event.url.protocol === 'https:',
    noStore: event.locals.user !== null || isApiPath(event.url.pathname)
  });
};
