// The benchmark's statistics, pure functions over plain arrays: gaps on a log scale, the median
// and its percentile-bootstrap CI (seeded), o1-vs-baseline win/tie/loss, success and first
// hitting times of targets on f − f*, and the ECDF of (run, target) pairs reached vs steps
// (COCO's runtime distribution). No randomness except through the Rng passed in.
import { Rng } from '../rng.js';
// Gaps below GAP_FLOOR are "exactly solved"; log10 gaps are floored at log10(GAP_FLOOR) = −12.
import { GAP_FLOOR } from '../functions/gap.js';

/** Both gaps at or below this: a tie (both solved to numerical precision). */
export const TIE_ABS = 1e-10;
/** Gaps within this relative distance of each other: a tie. */
export const TIE_REL = 0.01;
/** The success targets on f − f*: 1e-1 … 1e-8. */
export const DEFAULT_TARGETS: readonly number[] = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8];

/** f − f*, clamped at ≥ 0 (a value numerically a hair below f* counts as 0); +∞ for a
 *  non-finite f (a diverged run). */
export function gapOf(f: number, fmin: number): number {
  if (!Number.isFinite(f)) return Infinity;
  const g = f - fmin;
  return g > 0 ? g : 0;
}

/** log10(max(gap, 1e-12)); +∞ for a diverged run (gap +∞). */
export function logGap(gap: number): number {
  if (!(gap < Infinity)) return Infinity;
  return Math.log10(gap > GAP_FLOOR ? gap : GAP_FLOOR);
}

/** The median (mean of the two middle values for an even count); ±∞ propagate, so a sample with
 *  more than half +∞ has median +∞. NaN for an empty sample. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const s = Float64Array.from(values).sort();
  return medianOfSorted(s);
}

function medianOfSorted(s: ArrayLike<number>): number {
  const n = s.length;
  const a = s[(n - 1) >> 1];
  const b = s[n >> 1];
  if (a === b) return a; // (∞, ∞) → ∞, not ∞ − ∞ = NaN
  return a + (b - a) / 2;
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, linear interpolation (type 7). */
export function quantileSorted(s: ArrayLike<number>, q: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = s[lo];
  const b = s[hi];
  if (a === b || h === lo) return a;
  return a + (h - lo) * (b - a);
}

export interface MedianCI {
  median: number;
  lo: number;
  hi: number;
}

/** The median and a percentile-bootstrap confidence interval (level 0.95 by default) from B
 *  resamples drawn with `rng`. A resample is a multiset of indices into the sorted sample, so its
 *  median is found by counting (O(N) per resample, no sort). Infinite values are allowed. */
export function bootstrapMedianCI(values: ArrayLike<number>, rng: Rng, B = 1000, level = 0.95): MedianCI {
  const n = values.length;
  if (n === 0) return { median: NaN, lo: NaN, hi: NaN };
  const s = Float64Array.from(values).sort();
  const med = medianOfSorted(s);
  const counts = new Int32Array(n);
  const meds = new Float64Array(B);
  const k1 = (n - 1) >> 1; // ranks (0-based) of the two middle values
  const k2 = n >> 1;
  for (let b = 0; b < B; b++) {
    counts.fill(0);
    for (let j = 0; j < n; j++) counts[rng.int(n)]++;
    let cum = 0;
    let a = NaN;
    let c = NaN;
    for (let i = 0; i < n; i++) {
      const next = cum + counts[i];
      if (Number.isNaN(a) && k1 < next) a = s[i];
      if (k2 < next) {
        c = s[i];
        break;
      }
      cum = next;
    }
    meds[b] = a === c ? a : a + (c - a) / 2;
  }
  meds.sort();
  const alpha = (1 - level) / 2;
  return { median: med, lo: quantileSorted(meds, alpha), hi: quantileSorted(meds, 1 - alpha) };
}

export type Outcome = 'win' | 'tie' | 'loss';

/** o1's outcome against a baseline on one start, from the two final gaps (+∞ = diverged).
 *  A diverged o1 run is a loss (whatever the baseline did); a diverged baseline run is a win;
 *  a tie when both gaps are ≤ 1e-10 or within 1% of each other; else the lower gap wins. */
export function compareGaps(o1Gap: number, baseGap: number): Outcome {
  if (!(o1Gap < Infinity)) return 'loss';
  if (!(baseGap < Infinity)) return 'win';
  if (o1Gap <= TIE_ABS && baseGap <= TIE_ABS) return 'tie';
  if (Math.abs(o1Gap - baseGap) <= TIE_REL * Math.max(o1Gap, baseGap)) return 'tie';
  return o1Gap < baseGap ? 'win' : 'loss';
}

/** 1 for a win, ½ for a tie, 0 for a loss. */
export function outcomeScore(o: Outcome): number {
  return o === 'win' ? 1 : o === 'tie' ? 0.5 : 0;
}

export interface WinTally {
  wins: number;
  ties: number;
  losses: number;
  /** (wins + ties/2) / runs. */
  winRate: number;
}

/** Paired comparison over runs r (the same start for both optimizers). */
export function pairedOutcomes(o1Gaps: ArrayLike<number>, baseGaps: ArrayLike<number>): Outcome[] {
  if (o1Gaps.length !== baseGaps.length) throw new RangeError(`paired gaps differ in length: ${o1Gaps.length} vs ${baseGaps.length}`);
  const out: Outcome[] = [];
  for (let r = 0; r < o1Gaps.length; r++) out.push(compareGaps(o1Gaps[r], baseGaps[r]));
  return out;
}

export function tally(outcomes: readonly Outcome[]): WinTally {
  let wins = 0;
  let ties = 0;
  let losses = 0;
  for (const o of outcomes) {
    if (o === 'win') wins++;
    else if (o === 'tie') ties++;
    else losses++;
  }
  const n = outcomes.length;
  return { wins, ties, losses, winRate: n ? (wins + ties / 2) / n : NaN };
}

export interface RateCI {
  rate: number;
  lo: number;
  hi: number;
}

/** B bootstrap replicates of the mean of `scores` (each resample: N draws with replacement). */
export function bootstrapMeans(scores: ArrayLike<number>, rng: Rng, B = 1000): Float64Array {
  const n = scores.length;
  const out = new Float64Array(B);
  if (n === 0) return out.fill(NaN);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += scores[rng.int(n)];
    out[b] = s / n;
  }
  return out;
}

/** Percentile interval of bootstrap replicates around a point estimate. */
export function percentileCI(rate: number, replicates: ArrayLike<number>, level = 0.95): RateCI {
  const s = Float64Array.from(replicates).sort();
  const alpha = (1 - level) / 2;
  return { rate, lo: quantileSorted(s, alpha), hi: quantileSorted(s, 1 - alpha) };
}

/** Win rate of one function with its bootstrap CI, plus its replicates (for suite CIs). */
export function winRateCI(outcomes: readonly Outcome[], rng: Rng, B = 1000, level = 0.95): RateCI & { replicates: Float64Array } {
  const scores = outcomes.map(outcomeScore);
  const rate = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : NaN;
  const replicates = bootstrapMeans(scores, rng, B);
  return { ...percentileCI(rate, replicates, level), replicates };
}

/** A suite's win rate with a two-level (hierarchical) bootstrap CI. The point estimate is the
 *  mean over clusters (a function; in the n-D suite a function at all its dimensions; an ML task)
 *  of the mean of their problems' win rates, so every cluster weighs the same. Replicate b draws
 *  the clusters with replacement (level 1: other functions could have been chosen), then for every
 *  problem of every drawn cluster one of its own run-level bootstrap replicates, picked at random
 *  (level 2: other starts or seeds; an independent inner resample each time a cluster is drawn). */
export function hierarchicalWinRateCI(
  perProblem: readonly { rate: number; replicates: ArrayLike<number> }[],
  clusters: readonly string[],
  rng: Rng,
  level = 0.95,
): RateCI {
  const P = perProblem.length;
  if (P === 0) return { rate: NaN, lo: NaN, hi: NaN };
  if (clusters.length !== P) throw new RangeError(`${clusters.length} cluster names for ${P} problems`);
  const B = perProblem[0].replicates.length;
  if (perProblem.some((p) => p.replicates.length !== B)) throw new RangeError('every problem needs the same number of bootstrap replicates');
  const names = [...new Set(clusters)];
  const members = names.map((n) => perProblem.filter((_, i) => clusters[i] === n));
  const C = members.length;
  const rate = members.reduce((a, m) => a + m.reduce((x, p) => x + p.rate, 0) / m.length, 0) / C;
  const reps = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const m = members[rng.int(C)];
      let s = 0;
      for (const p of m) s += p.replicates[rng.int(B)];
      sum += s / m.length;
    }
    reps[b] = sum / C;
  }
  return percentileCI(rate, reps, level);
}

/** First step t (0..T) at which each run's gap is ≤ target, from the per-step losses
 *  loss[t·N + r] (T+1 rows); −1 when never reached. Diverged runs (divergedAt ≥ 0) never reach
 *  a target: a diverged run counts as a failure. */
export function hittingTimes(
  loss: ArrayLike<number>,
  N: number,
  steps: number,
  fmin: number,
  divergedAt: ArrayLike<number>,
  targets: readonly number[],
): Int32Array[] {
  const out = targets.map(() => new Int32Array(N).fill(-1));
  for (let r = 0; r < N; r++) {
    if (divergedAt[r] >= 0) continue;
    let remaining = targets.length;
    for (let t = 0; t <= steps && remaining > 0; t++) {
      const gap = gapOf(loss[t * N + r], fmin);
      for (let k = 0; k < targets.length; k++) {
        if (out[k][r] < 0 && gap <= targets[k]) {
          out[k][r] = t;
          remaining--;
        }
      }
    }
  }
  return out;
}

export interface TargetStats {
  target: number;
  /** Fraction of runs that reached the target within the budget. */
  success: number;
  /** Median first hitting step over the successful runs (null: none succeeded). */
  medianSteps: number | null;
  /** COCO's expected running time: (Σ steps of successes + T × failures) / successes (null: none). */
  ert: number | null;
}

export function targetStats(hits: Int32Array, target: number, steps: number): TargetStats {
  const ok: number[] = [];
  for (let r = 0; r < hits.length; r++) if (hits[r] >= 0) ok.push(hits[r]);
  const fails = hits.length - ok.length;
  const success = hits.length ? ok.length / hits.length : NaN;
  if (ok.length === 0) return { target, success, medianSteps: null, ert: null };
  const sum = ok.reduce((a, b) => a + b, 0);
  return { target, success, medianSteps: median(ok), ert: (sum + fails * steps) / ok.length };
}

/** ECDF of (run, target) pairs reached vs steps: ecdf[t] = fraction of all pairs whose first
 *  hitting step is ≤ t, for t = 0..T. `hits` is any list of hitting-time arrays (one per
 *  (function, target)); every entry is one pair. */
export function ecdf(hits: readonly ArrayLike<number>[], steps: number): number[] {
  const counts = new Float64Array(steps + 1);
  let total = 0;
  for (const h of hits) {
    for (let r = 0; r < h.length; r++) {
      total++;
      const t = h[r];
      if (t >= 0 && t <= steps) counts[t]++;
    }
  }
  const out: number[] = new Array(steps + 1);
  let cum = 0;
  for (let t = 0; t <= steps; t++) {
    cum += counts[t];
    out[t] = total ? cum / total : NaN;
  }
  return out;
}

/** Five-number summary for box plots (Tukey whiskers: the most extreme values within 1.5 IQR),
 *  over the finite values; `infinite` counts the +∞ (diverged) ones, drawn apart. */
export interface BoxStats {
  q1: number;
  median: number;
  q3: number;
  whiskerLo: number;
  whiskerHi: number;
  outliers: number[];
  infinite: number;
  n: number;
}

export function boxStats(values: ArrayLike<number>): BoxStats {
  const finite: number[] = [];
  let infinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) finite.push(v);
    else infinite++;
  }
  const s = Float64Array.from(finite).sort();
  if (s.length === 0) return { q1: NaN, median: NaN, q3: NaN, whiskerLo: NaN, whiskerHi: NaN, outliers: [], infinite, n: values.length };
  const q1 = quantileSorted(s, 0.25);
  const q3 = quantileSorted(s, 0.75);
  const iqr = q3 - q1;
  const loFence = q1 - 1.5 * iqr;
  const hiFence = q3 + 1.5 * iqr;
  let whiskerLo = q3;
  let whiskerHi = q1;
  const outliers: number[] = [];
  for (const v of s) {
    if (v < loFence || v > hiFence) outliers.push(v);
    else {
      if (v < whiskerLo) whiskerLo = v;
      if (v > whiskerHi) whiskerHi = v;
    }
  }
  return { q1, median: quantileSorted(s, 0.5), q3, whiskerLo: Math.min(whiskerLo, q1), whiskerHi: Math.max(whiskerHi, q3), outliers, infinite, n: values.length };
}
