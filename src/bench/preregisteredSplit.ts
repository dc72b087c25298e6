// A pre-registered held-out split in split 2's form (preregistered2.ts, preregistered3.ts; split 1
// keeps its own older form, preregistered.ts): a SplitSpec (seed, counts, budgets, baselines, tasks
// and the frozen texts) that buildSplitManifest turns into the manifest, a JSON file frozen by its
// SHA-256 before the model it is meant to score is trained. A new split is a new spec, file and
// name; the builder must keep building every earlier split to its frozen hash (each split's test).
import type { MlTask } from '../ml/tasks.js';
import { PACKAGE_ROOT } from '../paths.js';
import { mlInstanceSets } from './ml.js';
import { instancesSha256, loadFrozenManifest, problemEntry, type PreregisteredProblem, type PreregisteredTask } from './preregistered.js';
import { START_SCALES, START_SCALE_RULE, STALL_FACTOR } from './startScale.js';
import { preregisteredProblems } from './suites.js';

export interface SplitSpec {
  /** `o1 bench --suite` name, also the manifest's name. */
  suite: string;
  /** The split's number (the manifest's "version"). */
  version: number;
  /** "the second pre-registered split", for messages. */
  title: string;
  manifestPath: string;
  sha256: string;
  seed: number;
  functionBudgets: readonly number[];
  mlBudgets: readonly number[];
  starts: number;
  tuneStarts: number;
  mlRuns: number;
  mlTuneRuns: number;
  baselines: readonly string[];
  tasks: readonly MlTask[];
  /** Split 1's task names (fromSplit1 in the manifest). */
  split1Tasks: readonly string[];
  families: readonly string[];
  newFamilies: readonly string[];
  scaleFunctionSteps: number;
  scaleMlSteps: number;
  /** The start-scale part's ML tasks and how many of each task's evaluation instances (the first
   *  ones) it runs; absent: every task, every instance (split 2). */
  scaleTasks?: readonly string[];
  scaleMlRuns?: number;
  frozen: string;
  rules: readonly string[];
  disclosed: readonly string[];
}

/** Split 1's task entry plus fromSplit1 (in the JSON it stands between targetLoss and eval:
 *  the builder's object literal fixes the key order, not this type). */
export interface SplitTask extends PreregisteredTask {
  /** True for split 1's task (same model, generator and target; new instances). */
  fromSplit1: boolean;
}

export interface SplitManifest {
  format: 'o1-preregistered-split';
  version: number;
  name: string;
  frozen: string;
  rules: string[];
  disclosed: string[];
  seed: number;
  baselines: string[];
  functions: { budgets: number[]; starts: number; tuneStarts: number; problems: PreregisteredProblem[] };
  ml: { budgets: number[]; runs: number; tuneRuns: number; families: string[]; newFamilies: string[]; tasks: SplitTask[] };
  startScale: { scales: number[]; rule: string; stallFactor: number; functionSteps: number; mlSteps: number; problems: string[]; tasks: string[]; mlRuns?: number };
}

/** A split's manifest recomputed from the code: what its JSON file must equal. */
export function buildSplitManifest(spec: SplitSpec): SplitManifest {
  const seed = spec.seed;
  const familyOf = (task: string) => spec.families.find((f) => task.startsWith(`${f}-`))!;
  const fnProblems = preregisteredProblems();
  const problems = fnProblems.map((p) => problemEntry(p, seed, spec.starts, spec.tuneStarts));
  const tasks = spec.tasks.map((t): SplitTask => {
    const inst = mlInstanceSets(seed, t.name, spec.mlRuns, spec.mlTuneRuns);
    const obj = t.makeObjective(inst.eval[0].dataSeed);
    const { sizes, activations, loss, l2 } = obj.problem;
    return { task: t.name, n: t.n, family: familyOf(t.name), batchSize: obj.batchSize ?? null, layers: [...sizes], activations: [...activations], loss, l2, targetLoss: t.targetLoss, fromSplit1: spec.split1Tasks.includes(t.name), eval: inst.eval, tune: inst.tune, dataSha256: instancesSha256(t, inst) };
  });
  const startScale: SplitManifest['startScale'] = {
    scales: [...START_SCALES],
    rule: START_SCALE_RULE,
    stallFactor: STALL_FACTOR,
    functionSteps: spec.scaleFunctionSteps,
    mlSteps: spec.scaleMlSteps,
    problems: fnProblems.filter((p) => p.suite === 'preregistered').map((p) => p.key),
    tasks: [...(spec.scaleTasks ?? spec.tasks.map((t) => t.name))],
  };
  if (spec.scaleMlRuns !== undefined) startScale.mlRuns = spec.scaleMlRuns;
  return {
    format: 'o1-preregistered-split',
    version: spec.version,
    name: spec.suite,
    frozen: spec.frozen,
    rules: [...spec.rules],
    disclosed: [...spec.disclosed],
    seed,
    baselines: [...spec.baselines],
    functions: { budgets: [...spec.functionBudgets], starts: spec.starts, tuneStarts: spec.tuneStarts, problems },
    ml: { budgets: [...spec.mlBudgets], runs: spec.mlRuns, tuneRuns: spec.mlTuneRuns, families: [...spec.families], newFamilies: [...spec.newFamilies], tasks },
    startScale,
  };
}

/** Reads a split's manifest and checks its hash; one clear Error when it differs. */
export function loadSplitManifest(spec: SplitSpec, root = PACKAGE_ROOT): SplitManifest {
  return loadFrozenManifest<SplitManifest>(root, spec.manifestPath, spec.sha256, spec.title);
}
