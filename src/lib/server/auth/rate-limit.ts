/**
 * 登录失败限流：滑动窗口内失败次数达到上限即拒绝（429），直到最早的一次失败移出窗口。
 * 按用户名与按来源地址分别计数。进程内存储（单进程部署足够；多进程部署需换成共享存储）。
 */
export interface RateLimitOptions {
  max: number;
  windowMs: number;
  /** 最多记住多少个键，超出时丢弃最旧的 */
  maxKeys?: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(readonly opts: RateLimitOptions) {}

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => now - t < this.opts.windowMs);
    if (list.length) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  /** 被限制时返回还需等待的毫秒数，否则返回 0。 */
  retryAfterMs(key: string, now: number = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.opts.max) return 0;
    return Math.max(1, list[list.length - this.opts.max]! + this.opts.windowMs - now);
  }

  fail(key: string, now: number = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    this.hits.delete(key);
    this.hits.set(key, list);
    const maxKeys = this.opts.maxKeys ?? 10_000;
    while (this.hits.size > maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest === undefined) break;
      this.hits.delete(oldest);
    }
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  clear(): void {
    this.hits.clear();
  }
}

function envInt(name: string, def: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : def;
}

/** 按用户名：默认 5 分钟内 5 次失败。 */
export const userLimiter = new RateLimiter({ max: envInt('LOGIN_MAX_FAILURES_PER_USER', 5), windowMs: envInt('LOGIN_WINDOW_SECONDS', 300) * 1000 });
/** 按来源地址：默认 5 分钟内 20 次失败（机关内网常共用出口地址，比按用户宽一些）。 */
export const ipLimiter = new RateLimiter({ max: envInt('LOGIN_MAX_FAILURES_PER_IP', 20), windowMs: envInt('LOGIN_WINDOW_SECONDS', 300) * 1000 });
