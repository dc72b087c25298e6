// Example trajectories of the benchmark on a 2-D function: `o1 viz`'s contour plot (the same
// grid, levels, colours per optimizer, minima and divergence marks), fed with the bench's paths.
import type { TestFunction } from '../../functions/types.js';
import { plotBox, sampleGrid } from '../../viz/grid.js';
import { contourPlot as vizContourPlot } from '../../viz/contour.js';
import type { RaceRun } from '../../viz/race.js';

export interface PathSet {
  /** The optimizer's registry name (its colour), e.g. "adam". */
  name: string;
  /** The legend label (default: name), e.g. "adam (lr 1e-2)". */
  label?: string;
  /** paths[r][t] = [x, y]; a diverged run's path ends at its last finite point. */
  paths: number[][][];
}

export interface ContourOptions {
  title: string;
  /** f* for the gaps (a user function may only have an estimate). */
  fmin?: number;
  /** Grid resolution per axis. */
  resolution?: number;
  /** The runs' step budget: a path shorter than steps + 1 points diverged. */
  steps?: number;
}

/** The sets as the viz layer's runs (paths only; the bench plots no loss here). */
export function setsToRuns(sets: readonly PathSet[], steps = Infinity): RaceRun[] {
  return sets.flatMap((s) =>
    s.paths
      .filter((p) => p.length > 0)
      .map((path, r) => ({ label: s.label ?? s.name, name: s.name, startIndex: r, start: [...path[0]], x: path, loss: [], finalLoss: NaN, diverged: path.length < steps + 1 })),
  );
}

export function contourPlot(fn: TestFunction, sets: PathSet[], o: ContourOptions): string {
  const runs = setsToRuns(sets, o.steps);
  const box = plotBox(fn, runs.map((r) => r.start));
  const grid = sampleGrid(fn, box, o.resolution ?? 120, undefined, undefined, o.fmin);
  return vizContourPlot({ fn, grid, runs, title: o.title, width: 560, height: 520, idPrefix: `bench-${fn.name.replace(/[^\w-]/g, '')}` });
}
