// `o1 bench --suite nets`: o1 against tuned baselines on small networks trained with mini-batches
// in TensorFlow.js (tasks: netsTasks.ts; one run: netsTrain.ts), on the benchmark's protocol
// (protocol.ts): every tuned baseline runs the lr grid on tuning seeds disjoint from the
// evaluation seeds, the choice counts divergence and extends the grid at an edge (tuning.ts); o1
// (the model given, untuned) and each baseline at its lr run the evaluation seeds; o1 is paired
// with each baseline seed by seed on the final full training-set loss (stats.ts tie rule), with a
// percentile bootstrap per task and a two-level bootstrap (tasks, then seeds) for the suite.
// Every baseline is tuned per task (each task is its own group, so the suite lr and the per-task
// lr are the same thing here). Runs go to worker threads; a run is a pure function of its job,
// so the numbers do not depend on the worker count. Loads @tensorflow/tfjs (an optional peer):
// the CLI imports this module lazily.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { InputError } from '../errors.js';
import { modelToJson } from '../model/json.js';
import { PACKAGE_ROOT } from '../paths.js';
import { lineChart, type Series } from '../plot/lineChart.js';
import { optimizerColor } from '../plot/style.js';
import { Rng, deriveSeed } from '../rng.js';
import { closeMatches } from '../util/closeMatches.js';
import { formatTable, fmt, markdownTable } from '../util/table.js';
import { workerPool } from '../util/workerPool.js';
import { fmtLr, fmtRate, fmtTunedLr } from './format.js';
import {
  INTERVAL_RULE,
  TUNING_RULE,
  baselineEntry,
  checkCount,
  resolveProtocolOptions,
  resultJson,
  tieRule,
  type BenchProgress,
  type Contender,
  type ProtocolOptions,
  type RunRequest,
  type SuiteSummaryRow,
  type VersusResult,
} from './protocol.js';
import { writeResultAndMarkdown, writeSvgs } from './reportFiles.js';
import { median } from './stats.js';
import { lrGrid } from './tuning.js';
import { NETS_TASKS, type NetsTask } from './netsTasks.js';
import { runSuite, type CommonTiming } from './suiteRun.js';
import type { NetsJob, NetsRunResult } from './netsTrain.js';

export const NETS_SUITE = 'nets';
export const NETS_DEFAULT_STEPS = 1000;
export const NETS_DEFAULT_RUNS = 5;
export const NETS_DEFAULT_TUNE_RUNS = 1;
/** Adam tuned per task, AdamW with warmup + cosine tuned per task, Adam at 1e-3. SGD-momentum +
 *  cosine is left to `--opt` (…,momentum-cosine): its tuning would add a sixth of the suite's
 *  runs, and the default suite is sized to run in ~30 min on 2 cores. */
export const NETS_BASELINES: readonly string[] = ['adam', 'adamw-cosine', 'adam:lr=0.001'];
/** The nets grid: 1e-4 … 1 at 2 per decade (9 lrs), extended at an edge like every grid. Coarser
 *  than the function suites' (4 per decade from 1e-5) because a run costs seconds, not µs. */
export const NETS_GRID: readonly number[] = lrGrid(1e-4, 1, 2);
/** Points of each run's recorded training-loss curve (besides step 0). */
export const NETS_CURVE_POINTS = 10;

export const NETS_WORKER_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'bench', 'netsWorker.js');

export interface NetsOptions extends ProtocolOptions {
  /** Task names (default: every task). */
  tasks?: readonly string[];
  /** Evaluation runs (seeds) per task. */
  runs?: number;
  /** Tuning runs (seeds) per task and lr, disjoint from the evaluation seeds. */
  tuneRuns?: number;
  /** Worker threads (≤ 1: this thread). */
  workers?: number;
  onProgress?: (p: BenchProgress) => void;
}

export interface NetsContender extends Contender {
  finalLoss: number[];
  /** Test accuracy or test loss per run (the task's testMetric); null for a diverged run. */
  test: (number | null)[];
  /** Mean over runs of the training-loss curve (+∞ where a run diverged). */
  curve: number[];
}

export interface NetsTaskResult {
  task: string;
  description: string;
  backend: string;
  parameters: number;
  batch: number;
  testMetric: 'accuracy' | 'loss';
  /** The tuned baselines' lr grids and tuning scores (mean log10 final loss; null: all diverged). */
  tuning: Record<string, { grid: number[]; scores: (number | null)[]; diverged: number[]; lr: number; bound: 'low' | 'high' | null }>;
  contenders: NetsContender[];
  versus: Record<string, VersusResult>;
}

export interface NetsResult {
  suite: typeof NETS_SUITE;
  model: { ref: string; name: string };
  steps: number;
  runs: number;
  tuneRuns: number;
  seed: number;
  bootstrap: number;
  baselines: string[];
  protocol: { tuning: string; ties: string; intervals: string; score: string; seeds: string };
  curveSteps: number[];
  tasks: NetsTaskResult[];
  /** Suite win rate of o1 against each baseline (two-level bootstrap: tasks, then seeds). */
  summary: Record<string, SuiteSummaryRow>;
  timing?: { wallSeconds: number; workers: number } & CommonTiming;
}

/** The seeds of a task's runs: evaluation and tuning from separate derived streams (checked
 *  disjoint). */
export function netsSeeds(seed: number, task: string, runs: number, tuneRuns: number): { evalSeeds: number[]; tuneSeeds: number[] } {
  const evalSeeds = Array.from({ length: runs }, (_, r) => deriveSeed(seed, 'nets', 'eval', task, r));
  const taken = new Set(evalSeeds);
  const tuneSeeds: number[] = [];
  for (let r = 0, k = 0; tuneSeeds.length < tuneRuns; k++) {
    const s = deriveSeed(seed, 'nets', 'tune', task, r, k);
    if (taken.has(s)) continue; // a hash collision: draw the next one
    taken.add(s);
    tuneSeeds.push(s);
    r++;
  }
  return { evalSeeds, tuneSeeds };
}

function resolveTasks(names: readonly string[] | undefined): NetsTask[] {
  if (!names) return [...NETS_TASKS];
  if (names.length === 0) throw new InputError(`--fn: give one or more nets tasks (${NETS_TASKS.map((t) => t.name).join(', ')})`);
  const out: NetsTask[] = [];
  for (const n of names) {
    const t = NETS_TASKS.find((x) => x.name === n);
    if (!t) {
      const near = closeMatches(n, NETS_TASKS.map((x) => x.name));
      throw new InputError(`--fn: '${n}' is not a nets task${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; the nets suite has ${NETS_TASKS.map((x) => x.name).join(', ')}`);
    }
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

const finite = (v: number) => (Number.isFinite(v) ? v : Infinity);

/** Runs the nets suite. Bad options → InputError before anything runs. */
export async function runNets(o: NetsOptions): Promise<NetsResult> {
  const started = Date.now();
  const { steps, seed, bootstrap, baselines } = resolveProtocolOptions({ ...o, baselines: o.baselines ?? NETS_BASELINES }, NETS_DEFAULT_STEPS);
  const grid = [...(o.grid ?? NETS_GRID)];
  const runs = checkCount('runs per task', o.runs ?? NETS_DEFAULT_RUNS, 1);
  const tuneRuns = checkCount('tuning runs per task', o.tuneRuns ?? NETS_DEFAULT_TUNE_RUNS, 1);
  const tasks = resolveTasks(o.tasks);
  const modelJson = modelToJson(o.model);
  const seeds = new Map(tasks.map((t) => [t.name, netsSeeds(seed, t.name, runs, tuneRuns)]));
  const curvePoints = Math.min(NETS_CURVE_POINTS, steps);

  const { runNetsJob } = await import('./netsTrain.js');
  const pool = workerPool<NetsJob, NetsRunResult>({ file: NETS_WORKER_FILE, workers: o.workers ?? 1, inThread: runNetsJob });
  let done = 0;
  let total = 0;
  const runJobs = async (jobs: NetsJob[], phase: BenchProgress['phase']) => {
    total += jobs.length;
    o.onProgress?.({ phase, done, total });
    return Promise.all(
      jobs.map(async (j) => {
        const r = await pool.run(j);
        o.onProgress?.({ phase, done: ++done, total });
        return r;
      }),
    );
  };
  type Problem = { key: string; task: NetsTask };
  const problems: Problem[] = tasks.map((task) => ({ key: task.name, task }));
  const jobOf = (q: RunRequest<Problem>, s: number): NetsJob =>
    q.contestant.kind === 'o1'
      ? { task: q.problem.key, optimizer: 'o1', lr: 0, model: modelJson, seed: s, steps, curvePoints }
      : { task: q.problem.key, optimizer: q.contestant.name, lr: q.contestant.lr, seed: s, steps, curvePoints };
  const every = Math.max(1, Math.ceil(steps / Math.max(1, curvePoints)));
  const curveSteps = [0];
  for (let s = every; s < steps; s += every) curveSteps.push(s);
  curveSteps.push(steps);
  let run;
  try {
    run = await runSuite<Problem, NetsRunResult[], NetsContender>({
      problems,
      group: (p) => p.key, // tuned per task
      baselines,
      grid,
      steps,
      seed,
      bootstrap,
      engine: 'wasm',
      comparedOn: 'final full training-set losses',
      async run(requests, phase) {
        const jobs: NetsJob[] = [];
        const spans: [number, number][] = [];
        for (const q of requests) {
          const ss = seeds.get(q.problem.key)!;
          const list = q.purpose === 'tune' ? ss.tuneSeeds : ss.evalSeeds;
          spans.push([jobs.length, jobs.length + list.length]);
          for (const s of list) jobs.push(jobOf(q, s));
        }
        const res = await runJobs(jobs, phase === 1 ? 'tuning' : 'evaluation');
        return spans.map(([a, b]) => res.slice(a, b));
      },
      tuningGaps: (_p, rs) => rs.map((r) => finite(r.finalLoss)),
      contender: (_p, optimizer, mode, lr, rs) => ({
        optimizer,
        mode,
        lr,
        diverged: rs.filter((r) => r.finalLoss === Infinity).length,
        finalLoss: rs.map((r) => r.finalLoss),
        test: rs.map((r) => r.test),
        curve: curveSteps.map((_, i) => rs.reduce((a, r) => a + (r.curve[i] ?? Infinity), 0) / rs.length),
      }),
      gaps: (c) => c.finalLoss,
      evalRuns: () => runs,
      cluster: (p) => p.key,
      problemRng: (p, ...parts) => new Rng(deriveSeed(seed, 'nets', 'bootstrap', p.key, ...parts)),
      // one summary over every task (the suite), whatever the group: tuning is per task
      summaryRng: (_group, _tag, ...parts) => new Rng(deriveSeed(seed, 'nets', 'summary', ...parts)),
      onProgress: o.onProgress,
    });
  } finally {
    await pool.close();
  }

  const taskResults: NetsTaskResult[] = run.problems.map(({ problem: p, comparison: cmp }) => {
    const tuning: NetsTaskResult['tuning'] = {};
    for (const b of baselines) {
      if (baselineEntry(b).fixedLr !== undefined) continue;
      const sel = run.tuning[b];
      tuning[b] = {
        grid: sel.grid[p.key],
        scores: sel.scores[p.key].map((v) => (Number.isFinite(v) ? v : null)),
        diverged: sel.diverged[p.key],
        lr: sel.perFunctionLr[p.key],
        bound: sel.bound.perFunction[p.key] ?? null,
      };
    }
    return {
      task: p.key,
      description: p.task.description,
      backend: p.task.backend,
      parameters: run.evaluationRuns(p)[0][0].parameters,
      batch: p.task.batch,
      testMetric: p.task.testMetric,
      tuning,
      contenders: [cmp.o1, ...cmp.contenders.filter((c) => c.mode === 'per-function')],
      versus: cmp.versus['per-function'],
    };
  });
  const summary = run.summariseSubset(problems.map((_, i) => i), NETS_SUITE, 'all')['per-function'];
  return {
    suite: NETS_SUITE,
    model: { ref: o.modelRef ?? 'default', name: o.model.name ?? 'unnamed' },
    steps,
    runs,
    tuneRuns,
    seed,
    bootstrap,
    baselines,
    protocol: {
      tuning: `${TUNING_RULE}; here the gap is the final full training-set loss, every baseline tuned per task on the grid ${grid.map((g) => fmt(g, 3)).join(', ')}`,
      ties: tieRule('final full training-set losses'),
      intervals: INTERVAL_RULE.replace('functions (n-D: a function at all its dimensions; ML: tasks)', 'tasks'),
      score: 'the final full training-set loss (lower is better); test accuracy or test loss reported beside it',
      seeds: `a run's seed draws its training and test sets, initial weights and mini-batch order; ${runs} evaluation and ${tuneRuns} tuning seed(s) per task, from disjoint derived streams`,
    },
    curveSteps,
    tasks: taskResults,
    summary,
    timing: { wallSeconds: (Date.now() - started) / 1000, workers: o.workers ?? 1, ...run.timing },
  };
}

/** The result as JSON (every number; non-finite as null; timing left out: same seed, same bytes). */
export function netsJson(r: NetsResult): string {
  const { timing: _timing, ...rest } = r;
  return resultJson({ [NETS_SUITE]: rest } as { timing?: unknown });
}

const label = (c: NetsContender) => (c.optimizer === 'o1' ? 'o1' : baselineEntry(c.optimizer).fixedLr !== undefined ? c.optimizer : `${c.optimizer} (tuned)`);

function taskRows(t: NetsTaskResult): string[][] {
  return t.contenders.map((c) => {
    const tests = c.test.filter((v): v is number => v !== null);
    const bound = c.optimizer in t.tuning ? t.tuning[c.optimizer].bound : null;
    return [
      label(c),
      c.optimizer === 'o1' ? '—' : c.optimizer in t.tuning ? fmtTunedLr(c.lr, bound) : fmtLr(c.lr),
      fmt(median(c.finalLoss), 4),
      fmt(Math.min(...c.finalLoss), 4),
      fmt(Math.max(...c.finalLoss), 4),
      tests.length ? fmt(tests.reduce((a, b) => a + b, 0) / tests.length, 4) : '—',
      String(c.diverged),
    ];
  });
}

function versusRows(v: Record<string, VersusResult | SuiteSummaryRow>): string[][] {
  return Object.entries(v).map(([b, x]) => [b, `${fmtRate(x.winRate)} [${fmtRate(x.lo)}, ${fmtRate(x.hi)}]`, `${x.wins}/${x.ties}/${x.losses}`]);
}

const TASK_HEADER = ['optimizer', 'lr', 'median final loss', 'best', 'worst', 'mean test', 'diverged'];
const VS_HEADER = ['o1 vs', 'win rate [95% CI]', 'W/T/L'];

/** Terminal text: per task the contenders and o1's win rates, then the suite summary. */
export function netsText(r: NetsResult): string {
  const out: string[] = [];
  out.push(`o1 bench --suite nets — model ${r.model.ref} (${r.model.name}); ${r.steps} steps, ${r.runs} evaluation and ${r.tuneRuns} tuning seed(s) per task, seed ${r.seed}`);
  out.push('score: final full training-set loss; every baseline tuned per task; test = accuracy (classifiers) or test loss', '');
  for (const t of r.tasks) {
    out.push(`${t.task} — ${t.description}; ${t.parameters} parameters, batch ${t.batch}, ${t.backend} backend; test = ${t.testMetric}`);
    out.push(formatTable(TASK_HEADER, taskRows(t)));
    out.push(formatTable(VS_HEADER, versusRows(t.versus)), '');
  }
  out.push(`suite: o1's win rate against each baseline over ${r.tasks.length} task(s) (two-level bootstrap: tasks, then seeds)`);
  out.push(formatTable([...VS_HEADER, 'o1 diverged', 'baseline diverged'], Object.entries(r.summary).map(([b, x]) => [...versusRows({ [b]: x })[0], `${x.o1Diverged}/${x.runs}`, `${x.baselineDiverged}/${x.runs}`])));
  return out.join('\n') + '\n';
}

function netsMarkdown(r: NetsResult, plots: string[]): string {
  const out: string[] = [`# o1 bench --suite nets`, ''];
  out.push(`Model: \`${r.model.ref}\` (${r.model.name}). ${r.steps} steps of batch 32 per run, ${r.runs} evaluation seeds and ${r.tuneRuns} tuning seed(s) per task, seed ${r.seed}, ${r.bootstrap} bootstrap resamples.`, '');
  out.push(`- Score: ${r.protocol.score}.`, `- Seeds: ${r.protocol.seeds}.`, `- Tuning: ${r.protocol.tuning}.`, `- Ties: ${r.protocol.ties}.`, `- Intervals: ${r.protocol.intervals}.`, '');
  out.push('## Suite', '', markdownTable([...VS_HEADER, 'o1 diverged', 'baseline diverged'], Object.entries(r.summary).map(([b, x]) => [...versusRows({ [b]: x })[0], `${x.o1Diverged}/${x.runs}`, `${x.baselineDiverged}/${x.runs}`])));
  for (const t of r.tasks) {
    out.push(`## ${t.task}`, '', `${t.description}; ${t.parameters} parameters, batch ${t.batch}, TF.js ${t.backend} backend; test = ${t.testMetric}.`, '');
    out.push(markdownTable(TASK_HEADER, taskRows(t)), markdownTable(VS_HEADER, versusRows(t.versus)));
    const tuned = Object.entries(t.tuning).map(([b, x]) => `${b}: ${x.grid.map((lr, k) => `${fmt(lr, 3)} → ${x.scores[k] === null ? 'all diverged' : fmt(x.scores[k]!, 3)}${x.diverged[k] ? ` (${x.diverged[k]} diverged)` : ''}`).join(', ')}`);
    out.push('Tuning (lr → mean log10 final training loss on the tuning seeds):', '', ...tuned.map((l) => `- ${l}`), '');
    if (plots.includes(`${t.task}.svg`)) out.push(`![${t.task}](${t.task}.svg)`, '');
  }
  return out.join('\n');
}

/** report.md, result.json and one training-curve SVG per task into `dir`; returns the files. */
export function writeNetsReport(r: NetsResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const plots = r.tasks.map((t) => ({
    file: `${t.task}.svg`,
    svg: lineChart(
      t.contenders.map(
        (c): Series => ({ name: label(c), color: optimizerColor(c.optimizer.split(':')[0]), dashed: c.optimizer.includes(':'), x: r.curveSteps, y: c.curve }),
      ),
      { title: `${t.task}: full training-set loss (mean of ${r.runs} seeds)`, xLabel: 'step', yLabel: 'training loss', logY: true },
    ),
  }));
  const svgs = writeSvgs(plots, dir);
  return [...svgs, ...writeResultAndMarkdown(dir, netsJson(r), netsMarkdown(r, plots.map((p) => p.file)))];
}
