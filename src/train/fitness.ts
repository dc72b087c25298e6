// Fitness that makes functions comparable: per (function, start), the gap f − f* on a log scale
// relative to the start's gap, floored, so Rosenbrock's 1e3-sized losses and Booth's 1e-1-sized
// ones weigh the same. Lower is better. Diverged runs get the worst score.

// Gaps below GAP_FLOOR count as solved; log10(GAP_FLOOR) bounds the best possible score.
import { GAP_FLOOR } from '../functions/gap.js';

/** Worst score: a gap that grew 1000× — and every diverged run. */
export const WORST_SCORE = 3;

/** 'horizons': the mean of the log gap ratio at each of the run's horizons (EvalJob.horizons):
 *  one run of max(horizons) steps scores every horizon, since o1 never knows T. */
export type FitnessKind = 'final' | 'anytime' | 'horizons';

/** log10 of the gap at x relative to the start's gap, floored and capped. */
export function logGapRatio(f: number, f0: number, fmin: number): number {
  if (!Number.isFinite(f)) return WORST_SCORE;
  const gap = Math.max(f - fmin, GAP_FLOOR);
  const gap0 = Math.max(f0 - fmin, GAP_FLOOR);
  return Math.min(Math.log10(gap / gap0), WORST_SCORE);
}

/** Score of each run of a batch. `final`: the log gap ratio at x_T. `anytime`: its mean over
 *  t = 1..T (rewards getting there fast), from the per-step losses loss[t·N + r].
 *  f0[r] = f at run r's start. */
export function runScores(
  kind: FitnessKind,
  N: number,
  steps: number,
  fmin: number,
  f0: Float64Array,
  finalF: Float64Array,
  divergedAt: Int32Array,
  loss?: Float64Array,
  horizons: readonly number[] = [],
): Float64Array {
  const out = new Float64Array(N);
  for (let r = 0; r < N; r++) {
    if (divergedAt[r] >= 0) {
      out[r] = WORST_SCORE;
      continue;
    }
    if (kind === 'final') {
      out[r] = logGapRatio(finalF[r], f0[r], fmin);
      continue;
    }
    if (kind === 'horizons') {
      let h = 0;
      for (const t of horizons) h += logGapRatio(t >= steps ? finalF[r] : loss![t * N + r], f0[r], fmin);
      out[r] = horizons.length ? h / horizons.length : logGapRatio(finalF[r], f0[r], fmin);
      continue;
    }
    let s = 0;
    for (let t = 1; t <= steps; t++) s += logGapRatio(loss![t * N + r], f0[r], fmin);
    out[r] = steps > 0 ? s / steps : 0;
  }
  return out;
}

/** 'zscore': each task's scores standardised over the population (mean 0, sd 1, clipped to ±3)
 *  before the mean, so tasks whose scores spread little (ML losses) weigh as much as those that
 *  spread a lot (2-D functions reaching 1e-12). */
export type Aggregate = 'mean' | 'rank' | 'zscore';

/** Per-agent fitness from per-agent, per-function mean scores (scores[agent][fn]).
 *  `mean`: the mean over functions. `rank`: each function ranks the agents (1 = best, ties share
 *  the mean rank) and an agent's fitness is its mean rank — insensitive to any function's scale. */
export function aggregate(kind: Aggregate, scores: number[][]): number[] {
  if (kind === 'mean') return scores.map((s) => s.reduce((a, b) => a + b, 0) / s.length);
  const P = scores.length;
  const F = scores[0]?.length ?? 0;
  if (kind === 'zscore') {
    const out = new Array<number>(P).fill(0);
    for (let j = 0; j < F; j++) {
      let mean = 0;
      for (let i = 0; i < P; i++) mean += scores[i][j] / P;
      let sd = 0;
      for (let i = 0; i < P; i++) sd += (scores[i][j] - mean) ** 2 / P;
      sd = Math.sqrt(sd);
      if (!(sd > 1e-12)) continue; // every agent scored the same: the task says nothing
      for (let i = 0; i < P; i++) out[i] += Math.max(-3, Math.min(3, (scores[i][j] - mean) / sd)) / F;
    }
    return out;
  }
  const out = new Array<number>(P).fill(0);
  for (let j = 0; j < F; j++) {
    const order = scores.map((_, i) => i).sort((a, b) => scores[a][j] - scores[b][j]);
    for (let k = 0; k < P; ) {
      let e = k;
      while (e + 1 < P && scores[order[e + 1]][j] === scores[order[k]][j]) e++;
      const shared = (k + e) / 2 + 1;
      for (let q = k; q <= e; q++) out[order[q]] += shared / F;
      k = e + 1;
    }
  }
  return out;
}
