// The benchmark's lr tuning for one baseline on one function, for the pictures (`o1 viz`): the
// same grid, the same rule that counts divergence (tuning.ts) and the same self-extension at an
// edge as runProtocol, on tuning starts the caller draws apart from the starts it plots.
// pytorch-optimizer's pictures race tuned baselines too: an untuned Adam at 1e-3 is no race.
import type { Engine } from '../engine/types.js';
import type { TestFunction } from '../functions/types.js';
import type { Hyper, OptimizerSpec } from '../optimizers/types.js';
import { baselineHyper } from './protocol.js';
import { gapOf } from './stats.js';
import { type TuneCell, clampedByEdge, extendLr, lrGrid, selectFunctionLr, tuneCell } from './tuning.js';

export interface TunedLr {
  lr: number;
  /** Set when the choice sits on a hard bound of the self-extending grid (the report's ‡). */
  bound?: 'low' | 'high';
  /** The grid it was chosen on (extended where the choice needed it). */
  grid: number[];
  /** Tuning runs that diverged at the chosen lr, of `runs`. */
  diverged: number;
  runs: number;
}

/** The lr of `spec` (its other hyper-parameters as in `hyper`) that the benchmark's per-function
 *  rule picks on `fn` from `starts` (run-major, n per start) over `steps` steps. */
export function tuneLrOnFunction(engine: Engine, fn: TestFunction, n: number, spec: OptimizerSpec, hyper: Hyper, starts: Float64Array, steps: number): TunedLr {
  const fmin = fn.fmin(n);
  const memo = new Map<number, TuneCell>();
  const cellAt = (lr: number): TuneCell => {
    let c = memo.get(lr);
    if (!c) {
      const res = engine.runBatch({ fn, n, optimizer: { kind: 'baseline', spec, hyper: { ...hyper, ...baselineHyper(spec.name, lr, steps) } }, starts, steps });
      c = tuneCell(Array.from(res.finalF, (f, r) => (res.divergedAt[r] >= 0 ? Infinity : gapOf(f, fmin))));
      memo.set(lr, c);
    }
    return c;
  };
  let grid = lrGrid();
  for (;;) {
    const cells = grid.map((lr) => [cellAt(lr)]);
    const choice = selectFunctionLr(grid, cells, 0);
    const edge = clampedByEdge(grid, (k) => cells[k], choice.index);
    const next = edge ? extendLr(grid, edge) : undefined;
    if (!edge || next === undefined) {
      const c = cells[choice.index][0];
      return { lr: choice.lr, ...(edge ? { bound: edge } : {}), grid, diverged: c.diverged, runs: c.runs };
    }
    grid = edge === 'low' ? [next, ...grid] : [...grid, next];
  }
}
