// The pre-registered held-out split (issue 20 item 7): evaluation problems frozen in the repo,
// with their seeds, starts and budgets, BEFORE the next model was trained, so that model's score on
// them cannot have informed its design, training or selection.
//   - preregistered.json (package root: src/bench/preregistered.json) is the manifest; its SHA-256
//     is PREREGISTERED_SHA256 below. test/bench.preregistered.test.ts checks the file against the
//     hash and against buildPreregisteredManifest() (which recomputes every start and dataset
//     hash from the code), so changing any problem, seed, start, budget, generator or the RNG
//     fails a test unless the hash is deliberately updated — a visible, reviewable act.
//   - heldout.ts names the split's functions, ML tasks and data families; training, its
//     validation set and model selection refuse them (trainingUseProblems, tested).
//   - `o1 bench --suite preregistered` scores it (runPreregistered below), with the seeds, starts,
//     counts and budgets of the manifest only (the CLI refuses flags that would change them).
//     It is meant to be run ONCE per model, after that model is selected; docs/BENCHMARK.md.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { Rng } from '../rng.js';
import { PREREGISTERED_ML_FAMILIES, PREREGISTERED_TASK_NAMES } from '../problems/heldout.js';
import { mlInstanceSets, type MlInstance } from './ml.js';
import { PREREGISTERED_TASKS } from './preregisteredTasks.js';
import type { MlTask } from '../ml/tasks.js';
import { preregisteredProblems, startSets, type Problem } from './suites.js';

/** Where the manifest lives, relative to the package root (shipped with the package). */
export const PREREGISTERED_MANIFEST_PATH = 'src/bench/preregistered.json';
/** SHA-256 of the manifest's bytes, recorded when the split was frozen. */
export const PREREGISTERED_SHA256 = '3ee5a0809b8182da8ec373e7cf00c3354518fafdfc08a31fe5f07d4b5acd40e5';

/** The split's name in results. */
export const PREREGISTERED_SUITE = 'preregistered';
/** The seed every start and instance of the split derives from (deriveSeed(seed, 'bench', …)). */
export const PREREGISTERED_SEED = 20261207;
export const PREREGISTERED_FUNCTION_BUDGETS: readonly number[] = [50, 200, 1000];
export const PREREGISTERED_ML_BUDGETS: readonly number[] = [300, 1000];
export const PREREGISTERED_STARTS = 32;
export const PREREGISTERED_TUNE_STARTS = 16;
export const PREREGISTERED_ML_RUNS = 10;
export const PREREGISTERED_ML_TUNE_RUNS = 3;

export interface PreregisteredProblem {
  /** 'preregistered' (2-D) or 'preregistered-nd'. */
  suite: 'preregistered' | 'preregistered-nd';
  key: string;
  fn: string;
  n: number;
  fmin: number;
  /** SHA-256 of the evaluation / tuning starts (run-major float64, little-endian). */
  evalStartsSha256: string;
  tuneStartsSha256: string;
  /** SHA-256 of f(x) then ∇f(x) (TS reference) at every evaluation start: pins the function. */
  valuesSha256: string;
}

export interface PreregisteredTask {
  task: string;
  n: number;
  family: string;
  batchSize: number | null;
  /** The model and loss the kernels run (src/ml/problem.ts), the data aside. */
  layers: number[];
  activations: string[];
  loss: string;
  l2: number;
  targetLoss: number;
  eval: MlInstance[];
  tune: MlInstance[];
  /** SHA-256 over every instance (evaluation then tuning): its train and test inputs and
   *  targets, then its initial point, float64 little-endian. */
  dataSha256: string;
}

export interface PreregisteredManifest {
  format: 'o1-preregistered-split';
  version: 1;
  name: string;
  frozen: string;
  rules: string[];
  seed: number;
  baselines: string;
  functions: { budgets: number[]; starts: number; tuneStarts: number; problems: PreregisteredProblem[] };
  ml: { budgets: number[]; runs: number; tuneRuns: number; families: string[]; tasks: PreregisteredTask[] };
}

export const sha256 = (parts: readonly Float64Array[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex');
};

const familyOf = (task: string) => PREREGISTERED_ML_FAMILIES.find((f) => task.startsWith(`${f}-`))!;

/** A function problem's manifest entry (split 1 and split 2): its starts' hashes and the hash of
 *  f and ∇f at every evaluation start. */
export function problemEntry(p: Problem, seed: number, starts: number, tuneStarts: number): PreregisteredProblem {
  const sets = startSets(p, seed, starts, tuneStarts);
  const values: Float64Array[] = [];
  for (let r = 0; r < starts; r++) {
    const x = sets.evalStarts.slice(r * p.n, (r + 1) * p.n);
    const g = new Float64Array(p.n);
    values.push(Float64Array.of(p.fn.grad(x, g)), g);
  }
  return { suite: p.suite as PreregisteredProblem['suite'], key: p.key, fn: p.fn.name, n: p.n, fmin: p.fmin, evalStartsSha256: sha256([sets.evalStarts]), tuneStartsSha256: sha256([sets.tuneStarts]), valuesSha256: sha256(values) };
}

/** An ML task's dataSha256 (split 1 and split 2): every instance (evaluation then tuning), its
 *  train and test inputs and targets, then its initial point. */
export function instancesSha256(t: MlTask, inst: { eval: MlInstance[]; tune: MlInstance[] }): string {
  const parts: Float64Array[] = [];
  for (const i of [...inst.eval, ...inst.tune]) {
    const o = t.makeObjective(i.dataSeed);
    parts.push(o.data.train.inputs, o.data.train.targets, o.data.test.inputs, o.data.test.targets, o.init(new Rng(i.initSeed)));
  }
  return sha256(parts);
}

/** Reads a frozen manifest and checks its hash (split 1 and split 2); one clear Error when it differs. */
export function loadFrozenManifest<M>(root: string, path: string, frozenSha256: string, what: string): M {
  const file = join(root, path);
  const bytes = readFileSync(file);
  const got = sha256Text(bytes);
  if (got !== frozenSha256) throw new Error(`${file}: SHA-256 ${got} is not the frozen ${frozenSha256}; ${what} was changed — restore it (git checkout ${path})`);
  return JSON.parse(bytes.toString('utf8')) as M;
}

/** The manifest recomputed from the code: what preregistered.json must equal. */
export function buildPreregisteredManifest(): PreregisteredManifest {
  const seed = PREREGISTERED_SEED;
  const problems = preregisteredProblems().map((p) => problemEntry(p, seed, PREREGISTERED_STARTS, PREREGISTERED_TUNE_STARTS));
  const tasks = PREREGISTERED_TASK_NAMES.map((name): PreregisteredTask => {
    const t = PREREGISTERED_TASKS.find((x) => x.name === name)!;
    const inst = mlInstanceSets(seed, name, PREREGISTERED_ML_RUNS, PREREGISTERED_ML_TUNE_RUNS);
    const obj = t.makeObjective(inst.eval[0].dataSeed);
    const { sizes, activations, loss, l2 } = obj.problem;
    return { task: name, n: t.n, family: familyOf(name), batchSize: obj.batchSize ?? null, layers: [...sizes], activations: [...activations], loss, l2, targetLoss: t.targetLoss, eval: inst.eval, tune: inst.tune, dataSha256: instancesSha256(t, inst) };
  });
  return {
    format: 'o1-preregistered-split',
    version: 1,
    name: 'preregistered-1',
    frozen: '2026-12-07, before the o1 v4 model (issue 21) was trained; the freezing commit is named in docs/BENCHMARK.md',
    rules: [
      'Evaluation only: no model is trained, validated, selected or tuned on any problem, task or data family listed here (src/bench/heldout.ts refuses them in training; tested).',
      'Scored once per model, after that model is selected, with `o1 bench --suite preregistered --model FILE`; the result is reported whatever it shows.',
      'Functions: every baseline tuned on the tuning starts per budget (suite lr and per-function lr, the protocol of o1 bench at the scoring commit); o1 untuned; paired on the final gap f(x_T) - f* at every evaluation start.',
      'ML tasks: the same protocol on the final full-batch training loss, per (dataset seed, init seed) instance.',
      'Changing anything here changes the file hash and fails test/bench.preregistered.test.ts: a new split is a new file under a new name, frozen before the model it is meant to score.',
    ],
    seed,
    baselines: "o1 bench's default baseline set at the scoring commit (src/bench/protocol.ts DEFAULT_BASELINES), each tuned as the protocol says",
    functions: { budgets: [...PREREGISTERED_FUNCTION_BUDGETS], starts: PREREGISTERED_STARTS, tuneStarts: PREREGISTERED_TUNE_STARTS, problems },
    ml: { budgets: [...PREREGISTERED_ML_BUDGETS], runs: PREREGISTERED_ML_RUNS, tuneRuns: PREREGISTERED_ML_TUNE_RUNS, families: [...PREREGISTERED_ML_FAMILIES], tasks },
  };
}

/** The manifest as written to preregistered.json (2-space JSON, final newline). */
export const manifestText = (m: PreregisteredManifest): string => `${JSON.stringify(m, null, 2)}\n`;

export const sha256Text = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

/** Reads the shipped manifest and checks its hash; throws one clear Error when it differs. */
export function loadPreregisteredManifest(root = PACKAGE_ROOT): PreregisteredManifest {
  return loadFrozenManifest<PreregisteredManifest>(root, PREREGISTERED_MANIFEST_PATH, PREREGISTERED_SHA256, 'the pre-registered split');
}
