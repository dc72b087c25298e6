// Equal tuning for every baseline: the same log grid of learning rates, run on tuning start
// points disjoint from the evaluation ones, and one selection criterion:
//   score(lr, function) = median over the tuning starts of log10(max(gap, 1e-12)), a diverged run
//                         counting as +∞ (so an lr diverging on more than half the starts scores +∞)
//   suite mode         : the lr minimising the mean of score(lr, ·) over the suite's functions
//   per-function mode  : the lr minimising score(lr, function) for each function (an upper bound)
// Ties go to fewer diverged tuning runs, then to the smaller lr. o1 is not tuned at all.
import { logGap, median } from './stats.js';

export const GRID_LO = 1e-5;
export const GRID_HI = 10;
export const GRID_PER_DECADE = 4;

/** 10^(log10(lo) + k/perDecade) for k = 0 … up to hi (inclusive): 1e-5 … 10 → 25 points. */
export function lrGrid(lo = GRID_LO, hi = GRID_HI, perDecade = GRID_PER_DECADE): number[] {
  if (!(lo > 0) || !(hi >= lo) || !(perDecade > 0)) throw new RangeError(`bad lr grid ${lo} … ${hi} at ${perDecade} per decade`);
  const e0 = Math.log10(lo);
  const count = Math.round((Math.log10(hi) - e0) * perDecade) + 1;
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Number((10 ** (e0 + k / perDecade)).toPrecision(12)));
  return out;
}

/** One grid point on one function: the score and how many tuning runs diverged. */
export interface TuneCell {
  score: number;
  diverged: number;
}

/** The score of a set of final gaps (+∞ = diverged). */
export function tuneCell(gaps: ArrayLike<number>): TuneCell {
  const logs = new Float64Array(gaps.length);
  let diverged = 0;
  for (let r = 0; r < gaps.length; r++) {
    logs[r] = logGap(gaps[r]);
    if (!(gaps[r] < Infinity)) diverged++;
  }
  return { score: median(logs), diverged };
}

function better(a: { score: number; diverged: number; lr: number }, b: { score: number; diverged: number; lr: number }): boolean {
  // +∞ == +∞ compares equal here, so the tie-breaks decide between lrs that fail equally.
  if (a.score !== b.score) return a.score < b.score;
  if (a.diverged !== b.diverged) return a.diverged < b.diverged;
  return a.lr < b.lr;
}

/** The index of the best lr. `cells[k][j]` = grid point k on function j. */
export function selectSuiteLr(grid: readonly number[], cells: readonly (readonly TuneCell[])[]): { index: number; lr: number; score: number } {
  let best: { index: number; lr: number; score: number; diverged: number } | undefined;
  for (let k = 0; k < grid.length; k++) {
    const row = cells[k];
    let sum = 0;
    let div = 0;
    for (const c of row) {
      sum += c.score;
      div += c.diverged;
    }
    const cand = { index: k, lr: grid[k], score: row.length ? sum / row.length : NaN, diverged: div };
    if (!best || better(cand, best)) best = cand;
  }
  if (!best) throw new RangeError('empty lr grid');
  return { index: best.index, lr: best.lr, score: best.score };
}

/** The best lr for function j alone. */
export function selectFunctionLr(grid: readonly number[], cells: readonly (readonly TuneCell[])[], j: number): { index: number; lr: number; score: number } {
  let best: { index: number; lr: number; score: number; diverged: number } | undefined;
  for (let k = 0; k < grid.length; k++) {
    const c = cells[k][j];
    const cand = { index: k, lr: grid[k], score: c.score, diverged: c.diverged };
    if (!best || better(cand, best)) best = cand;
  }
  if (!best) throw new RangeError('empty lr grid');
  return { index: best.index, lr: best.lr, score: best.score };
}
