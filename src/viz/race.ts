// A race: several optimizers minimising one 2-D test function from the same start point(s),
// every trajectory recorded. Pure computation, shared by `o1 viz` and the web demo.
// It runs through an Engine when one is given (the WASM kernels, in Node or a browser) and
// through the TS reference (`minimize`) otherwise — the same path `o1 run` takes.
import type { BatchOptimizer, Engine } from '../engine/types.js';
import type { TestFunction } from '../functions/types.js';
import { createStepper } from '../optimizers/index.js';
import { minimize, type Trajectory } from '../run/minimize.js';
import { pointsWithLoss, trajectoryOf } from '../run/trace.js';
import { objectiveFromFunction } from '../run/objective.js';

export interface RaceEntry {
  /** Shown in legends, e.g. "adam lr=0.01". */
  label: string;
  optimizer: BatchOptimizer;
}

/** One run of the race: a trajectory's points and outcome (src/run/minimize.ts; here loss has
 *  x's length, as pointsWithLoss makes it), with what the plots label and colour it by. */
export interface RaceRun extends Pick<Trajectory, 'x' | 'loss' | 'lr' | 'finalLoss' | 'diverged' | 'divergedAt'> {
  label: string;
  /** 'o1' or the baseline's registry name (colours are keyed on it). */
  name: string;
  /** Index of the start point this run began from. */
  startIndex: number;
  start: number[];
}

export interface RaceSpec {
  fn: TestFunction;
  /** Dimension (2 for the plots). */
  n?: number;
  entries: RaceEntry[];
  starts: number[][];
  steps: number;
}

export function optimizerName(o: BatchOptimizer): string {
  return o.kind === 'o1' ? 'o1' : o.spec.name;
}

/** "adam lr=0.01 beta1=0.9": the hyper-parameters that differ from the defaults. */
export function describeEntry(o: BatchOptimizer): string {
  if (o.kind === 'o1') {
    const knobs = Object.entries(o.knobs ?? {}).map(([k, v]) => ` ${k}=${formatHyper(v)}`).join('');
    return (o.model.name ? `o1 (${o.model.name})` : 'o1') + knobs;
  }
  const changed = o.spec.hyper.filter((p) => o.hyper[p.name] !== p.default).map((p) => `${p.name}=${formatHyper(o.hyper[p.name])}`);
  const lr = o.spec.hyper.some((p) => p.name === 'lr') && !changed.some((c) => c.startsWith('lr=')) ? [`lr=${formatHyper(o.hyper.lr)}`] : [];
  return [o.spec.name, ...lr, ...changed].join(' ');
}

export function formatHyper(v: number): string {
  return String(Number(v.toPrecision(4)));
}

function raceResult(traj: Trajectory) {
  return { ...pointsWithLoss(traj), lr: traj.lr, finalLoss: traj.finalLoss, diverged: traj.diverged, divergedAt: traj.divergedAt };
}

/** One run through the TS reference, exactly as `o1 run` does it. */
function referenceRun(fn: TestFunction, n: number, optimizer: BatchOptimizer, start: number[], steps: number) {
  const stepper = createStepper(optimizer);
  return raceResult(minimize(objectiveFromFunction(fn, n), stepper, start, steps));
}

/** One batch (all starts of one optimizer) through an engine's recorded trace. */
function engineRuns(engine: Engine, fn: TestFunction, n: number, optimizer: BatchOptimizer, starts: number[][], steps: number) {
  const res = engine.runBatch({ fn, n, optimizer, starts: Float64Array.from(starts.flat()), steps, recordLoss: true, recordTrace: true });
  if (!res.trace || !res.loss) throw new Error(`engine '${engine.name}' returned no trace`);
  return starts.map((_, r) => raceResult(trajectoryOf(res, r, n, steps)));
}

/** Every entry from every start: runs[e][s]. */
export function runRace(spec: RaceSpec, engine?: Engine): RaceRun[][] {
  const n = spec.n ?? spec.fn.defaultDims;
  return spec.entries.map((entry) => {
    const results = engine
      ? engineRuns(engine, spec.fn, n, entry.optimizer, spec.starts, spec.steps)
      : spec.starts.map((s) => referenceRun(spec.fn, n, entry.optimizer, s, spec.steps));
    return results.map((r, s) => ({
      label: spec.starts.length > 1 ? `${entry.label} #${s + 1}` : entry.label,
      name: optimizerName(entry.optimizer),
      startIndex: s,
      start: [...spec.starts[s]],
      ...r,
    }));
  });
}
