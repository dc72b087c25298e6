// Seeded randomness. Every random choice in o1 flows from an explicit seed through this class,
// so the same seed gives the same bytes. The generator state can be saved and restored
// (checkpoints), which is why we keep pure-rand's xoroshiro128+ rather than a closure PRNG.
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** murmur3's 32-bit finaliser: a bijection that spreads nearby seeds far apart. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export class Rng {
  private gen: JumpableRandomGenerator;
  private spareNormal: number | null = null;

  constructor(seed: number | readonly number[]) {
    if (typeof seed === 'number') {
      if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
      // pure-rand seeds xoroshiro128+ straight from the integer, so small seeds start from a
      // nearly-zero state (the first uniform() of seeds 0–2 is ≈ 1.0). Mix the seed first and
      // drop a few outputs so every seed starts well spread.
      this.gen = xoroshiro128plus(mix32(seed | 0));
      for (let i = 0; i < 8; i++) this.gen.next();
    } else {
      this.gen = xoroshiro128plusFromState(seed);
    }
  }

  /** Serializable state (generator words + the cached Box–Muller spare). */
  getState(): { gen: number[]; spare: number | null } {
    return { gen: [...this.gen.getState()], spare: this.spareNormal };
  }

  static fromState(s: { gen: readonly number[]; spare: number | null }): Rng {
    const r = new Rng(s.gen);
    r.spareNormal = s.spare;
    return r;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller; the second value is cached for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** Derive a seed for a named sub-stream (e.g. "starts", generation 12) from a master seed. */
export function deriveSeed(seed: number, ...parts: (number | string)[]): number {
  // FNV-1a over the parts' text: cheap, stable across platforms.
  let h = 0x811c9dc5 ^ (seed | 0);
  const text = parts.join('/');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
