/**
 * 每个响应都加的安全响应头。
 *
 * 页面（HTML）的 Content-Security-Policy 由 SvelteKit 按 svelte.config.js 的 kit.csp（hash 模式）生成，
 * 其中已有 frame-ancestors 'none'，这里不覆盖；其他响应（JSON、Arrow、CSV、错误页……）没有 CSP 时补上最严格的一条。
 */

/** 非 HTML 响应的 CSP：什么都不许加载，也不许被嵌入。 */
export const FALLBACK_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
};

/**
 * 给响应加安全头。SvelteKit 返回的响应头可写；个别响应（例如 fetch 得到的）头部不可变，此时复制一份再改。
 * @param https 请求是否经 HTTPS（决定是否加 HSTS）
 * @param noStore 是否禁止缓存（登录用户的页面与接口）
 */
export function withSecurityHeaders(response: Response, opts: { https: boolean; noStore: boolean }): Response {
  let res = response;
  try {
    apply(res.headers, opts);
  } catch {
    res = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
    apply(res.headers, opts);
  }
  return res;
}

/** Kit 生成的 CSP 中缺少的指令，按此补齐。 */
const REQUIRED_DIRECTIVES: readonly [string, string][] = [
  ['frame-ancestors', "'none'"],
  ['form-action', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"]
];

export function completeCsp(csp: string): string {
  const present = new Set(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/)[0]?.toLowerCase())
      .filter((x): x is string => !!x)
  );
  const extra = REQUIRED_DIRECTIVES.filter(([name]) => !present.has(name)).map(([name, value]) => `${name} ${value}`);
  return extra.length ? `${csp.replace(/;\s*$/, '')}; ${extra.join('; ')}` : csp;
}

function apply(h: Headers, opts: { https: boolean; noStore: boolean }): void {
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) h.set(k, v);
  const type = h.get('content-type') ?? '';
  const csp = h.get('content-security-policy');
  if (csp) {
    // Kit 生成的 CSP：补上它没有的指令（不改动已有指令与哈希）
    h.set('Content-Security-Policy', completeCsp(csp));
  } else {
    // HTML 却没有 CSP（例如 Kit 的静态错误页）：也给最严格的，只放开 Kit 内联样式
    h.set('Content-Security-Policy', type.includes('text/html') ? "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'" : FALLBACK_CSP);
  }
  if (opts.https) h.set('Strict-Transport-Security', 'max-age=31536000');
  if (opts.noStore && !h.has('cache-control')) h.set('Cache-Control', 'no-store');
}
