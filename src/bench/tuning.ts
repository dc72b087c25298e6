// Equal tuning for every baseline: the same log grid of learning rates, run on tuning start
// points disjoint from the evaluation ones, and one selection rule that counts divergence:
//   a tuning run's score  = log10(max(gap, 1e-12)); a diverged run scores worse than any finite run
//   score(lr, function)   = the mean over ALL tuning starts, a diverged run at that worst score.
// "Worse than any finite run" is the limit of a finite penalty M → ∞, which makes the comparison
// lexicographic: first the fraction of diverged tuning runs, then the mean of the finite runs'
// scores (their sum over all runs). So a chosen lr diverges on a tuning start only when every lr
// of the grid does.
//   suite mode         : the lr minimising the mean of score(lr, ·) over the suite's functions
//                        (first Σ_f diverged_f / runs_f, then Σ_f finite-sum_f / runs_f)
//   per-function mode  : the lr minimising score(lr, function) for each function
// Remaining ties go to the smaller lr. o1 is not tuned.
// The grid extends itself (protocol.ts): a choice on an edge of the grid adds the next lr beyond
// that edge (same spacing) until the choice is interior or the next lr would pass a hard bound
// (HARD_LR_LO … HARD_LR_HI); a choice left on an edge that cannot move is flagged.
import { logGap } from './stats.js';

export const GRID_LO = 1e-5;
export const GRID_HI = 10;
export const GRID_PER_DECADE = 4;
/** The self-extending grid never goes below / above these. */
export const HARD_LR_LO = 1e-8;
export const HARD_LR_HI = 1e3;

/** 10^(log10(lo) + k/perDecade) for k = 0 … up to hi (inclusive): 1e-5 … 10 → 25 points. */
export function lrGrid(lo = GRID_LO, hi = GRID_HI, perDecade = GRID_PER_DECADE): number[] {
  if (!(lo > 0) || !(hi >= lo) || !(perDecade > 0)) throw new RangeError(`bad lr grid ${lo} … ${hi} at ${perDecade} per decade`);
  const e0 = Math.log10(lo);
  const count = Math.round((Math.log10(hi) - e0) * perDecade) + 1;
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Number((10 ** (e0 + k / perDecade)).toPrecision(12)));
  return out;
}

/** The next lr beyond one edge of an ascending grid at the grid's own (log) spacing, or
 *  undefined when it would pass the hard bound (or the grid has no spacing: one point). */
export function extendLr(grid: readonly number[], side: 'low' | 'high'): number | undefined {
  if (grid.length < 2) return undefined;
  const step = (Math.log10(grid[grid.length - 1]) - Math.log10(grid[0])) / (grid.length - 1);
  if (!(step > 0)) return undefined;
  const edge = side === 'low' ? grid[0] : grid[grid.length - 1];
  const lr = Number((10 ** (Math.log10(edge) + (side === 'low' ? -step : step))).toPrecision(12));
  // A relative slack of 1e-9 so that 1e-8 and 1e3 themselves are reachable despite rounding.
  if (side === 'low' ? lr < HARD_LR_LO * (1 - 1e-9) : lr > HARD_LR_HI * (1 + 1e-9)) return undefined;
  return lr;
}

/** One grid point on one function. */
export interface TuneCell {
  /** Mean over the runs that did not diverge of log10(max(gap, 1e-12)); +∞ when every run diverged. */
  score: number;
  diverged: number;
  runs: number;
}

/** The cell of a set of final gaps (+∞ = diverged). */
export function tuneCell(gaps: ArrayLike<number>): TuneCell {
  let sum = 0;
  let diverged = 0;
  for (let r = 0; r < gaps.length; r++) {
    if (gaps[r] < Infinity) sum += logGap(gaps[r]);
    else diverged++;
  }
  const finite = gaps.length - diverged;
  return { score: finite > 0 ? sum / finite : Infinity, diverged, runs: gaps.length };
}

/** A cell's contribution to the criterion: the diverged fraction, then the finite runs' sum over
 *  all runs (the mean with a diverged run at a worst score M, M → ∞). */
interface Key {
  divergedFraction: number;
  finiteMean: number;
}

function keyOf(cells: readonly TuneCell[]): Key {
  let divergedFraction = 0;
  let finiteMean = 0;
  for (const c of cells) {
    if (c.runs === 0) continue;
    divergedFraction += c.diverged / c.runs;
    if (c.diverged < c.runs) finiteMean += (c.score * (c.runs - c.diverged)) / c.runs;
  }
  return { divergedFraction, finiteMean };
}

function better(a: Key & { lr: number }, b: Key & { lr: number }): boolean {
  if (a.divergedFraction !== b.divergedFraction) return a.divergedFraction < b.divergedFraction;
  if (a.finiteMean !== b.finiteMean) return a.finiteMean < b.finiteMean;
  return a.lr < b.lr;
}

export interface LrChoice {
  index: number;
  lr: number;
  /** Diverged tuning runs at the chosen lr (summed over the functions it was chosen on). */
  diverged: number;
}

function argBest(grid: readonly number[], cellsAt: (k: number) => readonly TuneCell[]): LrChoice {
  let best: (Key & { lr: number; index: number; diverged: number }) | undefined;
  for (let k = 0; k < grid.length; k++) {
    const cells = cellsAt(k);
    const cand = { ...keyOf(cells), lr: grid[k], index: k, diverged: cells.reduce((a, c) => a + c.diverged, 0) };
    if (!best || better(cand, best)) best = cand;
  }
  if (!best) throw new RangeError('empty lr grid');
  return { index: best.index, lr: best.lr, diverged: best.diverged };
}

/** The best lr for a suite. `cells[k][j]` = grid point k on function j. */
export function selectSuiteLr(grid: readonly number[], cells: readonly (readonly TuneCell[])[]): LrChoice {
  return argBest(grid, (k) => cells[k]);
}

/** The best lr for function j alone. */
export function selectFunctionLr(grid: readonly number[], cells: readonly (readonly TuneCell[])[], j: number): LrChoice {
  return argBest(grid, (k) => [cells[k][j]]);
}

/** Where a choice sits: inside the grid, or on an edge ('low' / 'high'). */
export function edgeOf(grid: readonly number[], index: number): 'low' | 'high' | undefined {
  if (grid.length < 2) return undefined; // one point: nothing to extend, no edge to flag
  return index === 0 ? 'low' : index === grid.length - 1 ? 'high' : undefined;
}

/** True when a choice on an edge is strictly better than its inner neighbour — then the grid is
 *  what stops it, and it extends. An edge choice tied with its neighbour (a plateau: easom's
 *  flat runs, several lrs at the 1e-12 floor) is not clamped by the grid and does not extend. */
export function clampedByEdge(grid: readonly number[], cellsAt: (k: number) => readonly TuneCell[], index: number): 'low' | 'high' | undefined {
  const edge = edgeOf(grid, index);
  if (!edge) return undefined;
  const a = keyOf(cellsAt(index));
  const b = keyOf(cellsAt(edge === 'low' ? index + 1 : index - 1));
  return a.divergedFraction === b.divergedFraction && a.finiteMean === b.finiteMean ? undefined : edge;
}
