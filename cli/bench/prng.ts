/**
 * A seeded PRNG (mulberry32): the same seed gives the same synthetic organisation on every machine
 * and Node version, which Math.random cannot promise.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(values: readonly T[]): T;
  /** `count` distinct values of `values`, in random order. */
  sample<T>(values: readonly T[], count: number): T[];
  /** A random version-4-shaped GUID (Entra object ids look like this). */
  guid(): string;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const hex = (digits: number): string => Array.from({ length: digits }, () => int(16).toString(16)).join("");
  return {
    next,
    int,
    pick: (values) => values[int(values.length)],
    sample: (values, count) => {
      const pool = [...values];
      for (let i = pool.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      return pool.slice(0, Math.min(count, pool.length));
    },
    guid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(4)]}${hex(3)}-${hex(12)}`,
  };
}
