// `o1 bench --suite preregistered`: the pre-registered split (preregistered.ts) scored with the
// manifest's seed, counts and budgets — the function problems through runBench (suites
// 'preregistered' and 'preregistered-nd') at each function budget, the ML tasks through
// runMlBench (suite 'preregistered') at each ML budget — one whole benchmark per budget, as
// `--steps A,B,C` gives. Before anything runs, the manifest's hash is checked and the code must
// still build exactly that manifest (same starts, instances and data), else one clear error.
import { InputError } from '../errors.js';
import type { BenchmarkOptions, BenchmarkResult, HorizonsResult } from './benchmark.js';
import { runMlBench } from './ml.js';
import { PREREGISTERED_SHA256, buildPreregisteredManifest, loadPreregisteredManifest, manifestText, type PreregisteredManifest } from './preregistered.js';
import { runBench } from './runBench.js';

export interface PreregisteredResult extends HorizonsResult {
  manifestSha256: string;
}

/** Options of the other suites that would change the frozen split: refused (split 2 adds --opt). */
export const PREREGISTERED_FIXED_OPTIONS: readonly [keyof BenchmarkOptions, string][] = [
  ['functions', '--fn'],
  ['starts', '--starts'],
  ['tuneStarts', '--tune-starts'],
  ['steps', '--steps'],
  ['ndDims', '--nd-dims'],
];

/** The manifest, checked against its hash and against what the code builds. */
export function checkedManifest(): PreregisteredManifest {
  const m = loadPreregisteredManifest();
  if (manifestText(buildPreregisteredManifest()) !== manifestText(m))
    throw new Error('the code no longer builds the pre-registered split (a function, generator, seed derivation or count changed since it was frozen): its scores would not be the pre-registered ones');
  return m;
}

export async function runPreregistered(o: BenchmarkOptions): Promise<PreregisteredResult> {
  for (const [key, flag] of PREREGISTERED_FIXED_OPTIONS) if (o[key] !== undefined) throw new InputError(`${flag}: the pre-registered split fixes its own problems, starts and budgets (docs/BENCHMARK.md); drop ${flag}`);
  if (o.custom?.length) throw new InputError('--fn-module: the pre-registered split runs alone; benchmark your objective in another run');
  const m = checkedManifest();
  const budgets = [...new Set([...m.functions.budgets, ...m.ml.budgets])].sort((a, b) => a - b);
  const horizons: HorizonsResult['horizons'] = [];
  for (const steps of budgets) {
    const progress = (suite: string) => (o.onProgress ? (p: { phase: string; done: number; total: number }) => o.onProgress!({ ...p, phase: `${steps} steps: ${suite} ${p.phase}` }) : undefined);
    const result: BenchmarkResult = {};
    if (m.functions.budgets.includes(steps)) {
      result.functions = await runBench({
        model: o.model,
        modelRef: o.modelRef,
        suites: ['preregistered', 'preregistered-nd'],
        baselines: o.baselines,
        starts: m.functions.starts,
        tuneStarts: m.functions.tuneStarts,
        steps,
        seed: m.seed,
        grid: o.grid,
        engine: await o.engine(),
        bootstrap: o.bootstrap,
        trajectories: o.trajectories,
        onProgress: progress('functions'),
      });
    }
    if (m.ml.budgets.includes(steps)) {
      result.ml = await runMlBench({
        model: o.model,
        modelRef: o.modelRef,
        suite: 'preregistered',
        tasks: m.ml.tasks.map((t) => t.task),
        baselines: o.baselines,
        runs: m.ml.runs,
        tuneRuns: m.ml.tuneRuns,
        steps,
        seed: m.seed,
        grid: o.grid,
        bootstrap: o.bootstrap,
        engine: (await o.engine()).name,
        workers: o.workers,
        runner: o.mlRunner,
        onProgress: progress('ml'),
      });
      // The instances the runner drew are the manifest's (its derivation is the same code).
      for (const t of m.ml.tasks) {
        const got = result.ml.instances[t.task];
        if (JSON.stringify(got) !== JSON.stringify({ eval: t.eval, tune: t.tune })) throw new Error(`pre-registered task ${t.task}: the instances run differ from the manifest's`);
      }
    }
    horizons.push({ steps, result });
  }
  return { manifestSha256: PREREGISTERED_SHA256, horizons };
}
