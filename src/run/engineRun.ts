// One optimization process on an engine (WASM or TS batch of one run), returned in the shape of
// `minimize` — so `o1 run --engine wasm` and `--engine ts` print comparable trajectories.
import type { BatchOptimizer, Engine } from '../engine/types.js';
import type { TestFunction } from '../functions/types.js';
import type { Trajectory } from './minimize.js';
import { trajectoryOf } from './trace.js';

export function runOnEngine(engine: Engine, fn: TestFunction, n: number, optimizer: BatchOptimizer, start: readonly number[], steps: number): Trajectory {
  return trajectoryOf(engine.runBatch({ fn, n, optimizer, starts: Float64Array.from(start), steps, recordLoss: true, recordTrace: true }), 0, n, steps);
}
