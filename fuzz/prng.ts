// A small seeded PRNG (sfc32 seeded through splitmix32), so a run is reproducible from its seed.
// Every request gets a generator of its own, derived from the seed and its index: what is sent
// does not depend on the order in which concurrent answers arrive.

function splitmix32(state: number): () => number {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    let mixed = 0x2545f491;
    for (const s of seeds) mixed = splitmix32(mixed ^ Math.imul(s | 0, 0x27d4eb2f) ^ ((s / 2 ** 32) | 0))();
    const next = splitmix32(mixed);
    [this.a, this.b, this.c, this.d] = [next(), next(), next(), next()];
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a |= 0;
    this.b |= 0;
    this.c |= 0;
    this.d |= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A length skewed to small values, now and then up to `max`. */
  length(max: number): number {
    const r = this.next();
    if (r < 0.15) return 0;
    if (r < 0.85) return this.int(1, Math.min(5, max));
    return this.int(0, max);
  }
}
