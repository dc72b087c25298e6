// `o1 bench --suite preregistered-2` / `preregistered-3`: a pre-registered split in split 2's form
// (preregisteredSplit.ts) scored with its manifest's seed, counts, budgets and baselines — the
// functions through runBench at each function budget, the ML tasks through runMlBench (the split's
// suite) at each ML budget, one whole benchmark per budget (as `--steps A,B,C` gives), then the
// start-scale part from the tuned results of its budgets (startScale.ts: each baseline at its
// per-function lr tuned at s = 1). Before anything runs, the manifest's hash is checked and the
// code must still build it exactly.
import { InputError } from '../errors.js';
import { benchMlRunner } from './ml/tasks.js';
import { join } from 'node:path';
import { horizonsJson, horizonsText, writeHorizonsReport, type BenchmarkOptions, type BenchmarkResult, type HorizonsResult } from './benchmark.js';
import { runMlBench } from './ml.js';
import { manifestText } from './preregistered.js';
import { SPLIT2 } from './preregistered2.js';
import { SPLIT3 } from './preregistered3.js';
import { buildSplitManifest, loadSplitManifest, type SplitManifest, type SplitSpec } from './preregisteredSplit.js';
import type { MlSuiteName } from './taskTables.js';
import { PREREGISTERED_FIXED_OPTIONS } from './preregisteredSuite.js';
import { runBench } from './runBench.js';
import { START_SCALE_SUITE, STALL_FACTOR, START_SCALES, functionScaleRows, mlScaleRows, startScaleJson, startScaleSummary, startScaleText, writeStartScaleReport, type StartScaleResult } from './startScale.js';
import { GAP_FLOOR } from '../functions/gap.js';
import { preregisteredProblems } from './suites.js';

export interface PreregisteredSplitResult extends HorizonsResult {
  manifestSha256: string;
  startScale: StartScaleResult;
}

/** Options of the other suites that would change the frozen split: refused. */
const FIXED: readonly [keyof BenchmarkOptions, string][] = [...PREREGISTERED_FIXED_OPTIONS, ['baselines', '--opt']];

/** The splits in split 2's form, by suite name. */
export const SPLITS: Readonly<Record<string, SplitSpec>> = { [SPLIT2.suite]: SPLIT2, [SPLIT3.suite]: SPLIT3 };

/** A split's manifest, checked against its hash and against what the code builds. */
export function checkedSplitManifest(spec: SplitSpec): SplitManifest {
  const m = loadSplitManifest(spec);
  if (manifestText(buildSplitManifest(spec) as never) !== manifestText(m as never))
    throw new Error(`the code no longer builds ${spec.title} (a function, generator, seed derivation or count changed since it was frozen): its scores would not be the pre-registered ones`);
  return m;
}

/** Split 2's manifest, checked. */
export const checkedManifest2 = (): SplitManifest => checkedSplitManifest(SPLIT2);

/** What is done so far (the horizons in budget order; the start-scale part once its budgets ran). */
export interface PreregisteredSplitPart extends HorizonsResult {
  manifestSha256: string;
  startScale?: StartScaleResult;
}

export interface PreregisteredSplitExtra {
  /** For tests only: a shrunk copy of the manifest, to run every path in seconds; scoring uses
   *  the frozen file. */
  manifest?: SplitManifest;
  /** Called after each horizon and after the start-scale part (a long scoring run's partial
   *  results can be kept; the final result is the same whichever parts were looked at). */
  onPart?: (part: PreregisteredSplitPart) => void;
  /** Only these of the split's budgets (a part scored apart, e.g. 5000 steps alone: each horizon
   *  is a whole benchmark of its own, so its result is the same as in a full run); the result then
   *  has the start-scale part only if its budgets are among them. Absent: every budget. */
  budgets?: readonly number[];
}

export async function runPreregisteredSplit(spec: SplitSpec, o: BenchmarkOptions, extra?: PreregisteredSplitExtra & { budgets?: undefined }): Promise<PreregisteredSplitResult>;
export async function runPreregisteredSplit(spec: SplitSpec, o: BenchmarkOptions, extra?: PreregisteredSplitExtra): Promise<PreregisteredSplitPart>;
export async function runPreregisteredSplit(spec: SplitSpec, o: BenchmarkOptions, extra: PreregisteredSplitExtra = {}): Promise<PreregisteredSplitPart> {
  for (const [key, flag] of FIXED) if (o[key] !== undefined) throw new InputError(`${flag}: ${spec.title} fixes its own problems, starts, budgets and baselines (docs/BENCHMARK.md); drop ${flag}`);
  if (o.custom?.length) throw new InputError('--fn-module: the pre-registered split runs alone; benchmark your objective in another run');
  const m = extra.manifest ?? checkedSplitManifest(spec);
  const manifestSha256 = extra.manifest ? 'test' : spec.sha256;
  const engine = await o.engine();
  const all = [...new Set([...m.functions.budgets, ...m.ml.budgets])].sort((a, b) => a - b);
  for (const b of extra.budgets ?? []) if (!all.includes(b)) throw new InputError(`budget ${b}: ${spec.title} runs ${all.join(', ')} steps only`);
  const budgets = all.filter((b) => !extra.budgets || extra.budgets.includes(b));
  const horizons: HorizonsResult['horizons'] = [];
  const runner = o.mlRunner ?? benchMlRunner(o.workers ?? 1, engine.name);
  const s = m.startScale;
  let startScale: StartScaleResult | undefined;
  // The start-scale part needs only its budgets' tunings: it runs as soon as they are done (before
  // the longer horizons), so a run stopped early still has it.
  const scaleParts = async () => {
    const fAt = horizons.find((h) => h.steps === s.functionSteps)?.result.functions;
    const mlAt = horizons.find((h) => h.steps === s.mlSteps)?.result.ml;
    if (startScale || !fAt || !mlAt) return;
    const problems = preregisteredProblems().filter((p) => s.problems.includes(p.key) && p.suite === 'preregistered');
    o.onProgress?.({ phase: 'start scales', done: 0, total: 1 });
    // Split 3 runs the first s.mlRuns instances of its start-scale tasks (absent: all, split 2).
    const instances = Object.fromEntries(Object.entries(mlAt.instances).map(([k, v]) => [k, s.mlRuns === undefined ? v : { ...v, eval: v.eval.slice(0, s.mlRuns) }]));
    const rows = [...functionScaleRows(o.model, engine, problems, fAt, m.seed, m.functions.starts, s.functionSteps), ...(await mlScaleRows(o.model, { ...mlAt, instances, tasks: mlAt.tasks.filter((t) => s.tasks.includes(t.task)) }, s.mlSteps, runner))];
    const baselines = fAt.settings.baselines;
    startScale = {
      settings: { suite: START_SCALE_SUITE, scales: [...START_SCALES], rule: s.rule, stallFactor: STALL_FACTOR, gapFloor: GAP_FLOOR, functionSteps: s.functionSteps, mlSteps: s.mlSteps, starts: m.functions.starts, mlRuns: s.mlRuns ?? m.ml.runs, seed: m.seed, baselines, model: { name: o.model.name ?? null, ref: o.modelRef ?? null } },
      rows,
      summary: startScaleSummary(rows, ['o1', ...baselines]),
    };
    extra.onPart?.({ manifestSha256, horizons: [...horizons], startScale });
  };
  try {
    for (const steps of budgets) {
      const progress = (suite: string) => (o.onProgress ? (p: { phase: string; done: number; total: number }) => o.onProgress!({ ...p, phase: `${steps} steps: ${suite} ${p.phase}` }) : undefined);
      const result: BenchmarkResult = {};
      if (m.functions.budgets.includes(steps)) {
        result.functions = await runBench({ model: o.model, modelRef: o.modelRef, suites: ['preregistered', 'preregistered-nd'], functions: [...new Set(m.functions.problems.map((p) => p.fn))], baselines: m.baselines, starts: m.functions.starts, tuneStarts: m.functions.tuneStarts, steps, seed: m.seed, grid: o.grid, engine, bootstrap: o.bootstrap, trajectories: o.trajectories, onProgress: progress('functions') });
      }
      if (m.ml.budgets.includes(steps)) {
        result.ml = await runMlBench({ model: o.model, modelRef: o.modelRef, suite: spec.suite as MlSuiteName, tasks: m.ml.tasks.map((t) => t.task), baselines: m.baselines, runs: m.ml.runs, tuneRuns: m.ml.tuneRuns, steps, seed: m.seed, grid: o.grid, bootstrap: o.bootstrap, engine: engine.name, runner, onProgress: progress('ml') });
        for (const t of m.ml.tasks) {
          const got = result.ml.instances[t.task];
          if (JSON.stringify(got) !== JSON.stringify({ eval: t.eval, tune: t.tune })) throw new Error(`pre-registered task ${t.task}: the instances run differ from the manifest's`);
        }
      }
      horizons.push({ steps, result });
      extra.onPart?.({ manifestSha256, horizons: [...horizons], startScale });
      await scaleParts();
    }
    if (!startScale && !extra.budgets) throw new Error(`${spec.title}: the start-scale part names a budget the split does not run`);
    return { manifestSha256, horizons, ...(startScale ? { startScale } : {}) };
  } finally {
    if (!o.mlRunner) await runner.close();
  }
}

/** JSON: the manifest's hash, the horizons (as horizonsJson) and the start-scale part (as
 *  startScaleJson), in one object (a part without the start-scale result: without it).
 *  Deterministic (timing left out). */
export function preregisteredSplitJson(r: PreregisteredSplitPart): string {
  const inner = (text: string) => text.trim().slice(1, -1);
  return `{"manifestSha256":"${r.manifestSha256}",${inner(horizonsJson(r))}${r.startScale ? `,${inner(startScaleJson(r.startScale))}` : ''}}\n`;
}

/** Terminal text: the horizons' win-rate table, then the start-scale tables. */
export function preregisteredSplitText(spec: SplitSpec, r: PreregisteredSplitResult): string {
  const title = `${spec.title[4].toUpperCase()}${spec.title.slice(5)}`;
  return `${title} (${spec.manifestPath}, SHA-256 ${r.manifestSha256})\n\n${horizonsText(r)}\n${startScaleText(r.startScale)}`;
}

/** report.md etc. of the horizons into `dir`, the start-scale part (if run) into `dir`/start-scale. */
export function writePreregisteredSplitReport(r: PreregisteredSplitPart, dir: string, customFns: Parameters<typeof writeHorizonsReport>[2]): void {
  writeHorizonsReport(r, dir, customFns);
  if (r.startScale) writeStartScaleReport(r.startScale, join(dir, 'start-scale'));
}

// Split 2's names, as before split 3 (the library's exports, scripts and tests use them).
export type Preregistered2Result = PreregisteredSplitResult;
export const runPreregistered2 = (o: BenchmarkOptions, extra?: PreregisteredSplitExtra & { budgets?: undefined }) => runPreregisteredSplit(SPLIT2, o, extra);
export const preregistered2Json = preregisteredSplitJson;
export const preregistered2Text = (r: PreregisteredSplitResult): string => preregisteredSplitText(SPLIT2, r);
export const writePreregistered2Report = writePreregisteredSplitReport;
