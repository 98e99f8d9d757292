/**
 * 可复现的伪随机数：sfc32，种子由字符串经 cyrb128 散列得到。
 * 每个子流（stream）用 `${seed}:${名称}` 单独播种，因此增加一类数据不会改变其他数据。
 * 不使用 Math.random / Date.now。
 */

/** cyrb128：把字符串散列为 4 个 32 位整数。 */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4; h2 ^= h1; h3 ^= h1; h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Rng {
  private a: number; private b: number; private c: number; private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** 一个子流：同一 (seed, name) 永远给出同一序列。 */
  static stream(seed: number | string, name: string): Rng {
    return new Rng(`${seed}:${name}`);
  }

  /** [0, 1) 上的均匀分布（sfc32）。 */
  next(): number {
    const a = this.a, b = this.b, c = this.c, d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (c << 21) | (c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** [lo, hi] 上的整数。 */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** [lo, hi) 上的实数。 */
  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new Error('pick from empty array');
    return arr[Math.floor(this.next() * arr.length)]!;
  }

  /** 按权重取一个元素。 */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }

  /** 从预先算好累积权重的表中取一个元素（热点路径用，避免每次分配数组）。 */
  from<T>(t: WeightTable<T>): T {
    const r = this.next() * t.total;
    const cum = t.cum;
    for (let i = 0; i < cum.length; i++) if (r < cum[i]!) return t.values[i]!;
    return t.values[t.values.length - 1]!;
  }

  /** 标准正态（Box–Muller）。 */
  normal(): number {
    let u = this.next();
    while (u <= 1e-12) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** 对数正态：exp(mu + sigma·Z)。 */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** 泊松（小均值用乘积法，大均值用正态近似）。 */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const L = Math.exp(-lambda);
    let k = 0, p = 1;
    do { k++; p *= this.next(); } while (p > L);
    return k - 1;
  }

  /** Fisher–Yates 原地洗牌。 */
  shuffle<T>(arr: T[]): T[] {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = arr[i]!; arr[i] = arr[j]!; arr[j] = t;
    }
    return arr;
  }
}

export interface WeightTable<T> {
  values: T[];
  cum: Float64Array;
  total: number;
}

export function weightTable<T>(items: readonly (readonly [T, number])[]): WeightTable<T> {
  const cum = new Float64Array(items.length);
  let total = 0;
  items.forEach(([, w], i) => {
    total += w;
    cum[i] = total;
  });
  return { values: items.map(([v]) => v), cum, total };
}
