// The benchmark's problems, grouped in suites:
//   train   — the functions the model was trained on (its provenance's trainConfig.functions, at
//             trainConfig.dims; rosenbrock, rastrigin, himmelblau in 2-D when the model has none)
//   heldout — every other 2-D built-in function
//   nd      — the n-D built-ins at 10 and 100 dimensions
//   custom  — user objectives (--fn-module), wrapped as TestFunction-shaped entries with id −1
//   preregistered, preregistered-nd — the pre-registered split's functions (preregistered.ts) in
//             2-D and at PREREGISTERED_ND_DIMS; no other suite includes them, and only
//             runPreregistered runs these two (with the manifest's seed and counts)
// and the evaluation / tuning start points of each problem (disjoint seeded streams).
import { InputError } from '../errors.js';
import { FUNCTIONS, getFunction, suggestFunctions } from '../functions/index.js';
import type { TestFunction } from '../functions/types.js';
import type { O1Model } from '../o1/o1.js';
import { type Objective, testFunctionFromObjective } from '../run/objective.js';
import { Rng, deriveSeed } from '../rng.js';
import { PREREGISTERED_FUNCTIONS } from '../problems/heldout.js';

export type SuiteName = 'train' | 'heldout' | 'nd' | 'custom' | 'preregistered' | 'preregistered-nd';
/** The suites `--suite` names (`preregistered` runs both pre-registered suites, and ML tasks). */
export const SUITE_NAMES: readonly SuiteName[] = ['train', 'heldout', 'nd', 'custom', 'preregistered'];
/** Suites run when none is chosen (custom joins when a --fn-module is given). */
export const DEFAULT_SUITES: readonly SuiteName[] = ['train', 'heldout', 'nd'];
export const FALLBACK_TRAIN_FUNCTIONS: readonly string[] = ['rosenbrock', 'rastrigin', 'himmelblau'];
export const ND_DIMS: readonly number[] = [10, 100];
/** The pre-registered split's n-D dimensions (each of its n-D functions also runs in 2-D). */
export const PREREGISTERED_ND_DIMS: readonly number[] = [10, 100];
const isPreregistered = (name: string) => PREREGISTERED_FUNCTIONS.includes(name);

/** Id of every user (non-built-in) function: the WASM engine cannot run it. */
export const CUSTOM_FN_ID = -1;

export interface Problem {
  suite: SuiteName;
  /** Unique key: the function's name, with "-<n>d" for the n-D suite (e.g. "rosenbrock-10d"). */
  key: string;
  fn: TestFunction;
  n: number;
  /** f* used for gaps (for a custom function without one: estimated, see runBench). */
  fmin: number;
  /** True when f* was not given and is estimated from the runs. */
  fminEstimated: boolean;
  builtin: boolean;
}

export interface Suite {
  name: SuiteName;
  problems: Problem[];
}

/** The model's training functions (names, dimension) from its provenance, else the fallback. */
export function trainFunctionsOf(model: O1Model): { names: string[]; dims: number; fromProvenance: boolean } {
  const tc = (model.provenance as { trainConfig?: { functions?: unknown; dims?: unknown } } | undefined)?.trainConfig;
  // Built-in names only: a model trained on user modules is benched on those with --fn-module.
  const builtins = tc && Array.isArray(tc.functions) ? tc.functions.filter((f): f is string => typeof f === 'string' && getFunction(f) !== undefined) : [];
  const names = builtins.length > 0 ? builtins.map((f) => getFunction(f)!.name) : undefined;
  const dims = tc && Number.isInteger(tc.dims) && (tc.dims as number) >= 1 ? (tc.dims as number) : 2;
  if (!names) return { names: [...FALLBACK_TRAIN_FUNCTIONS], dims: 2, fromProvenance: false };
  // A 2-D-only function cannot run at another dimension: keep the model's dims only if all can.
  const ok = names.every((n) => getFunction(n)!.nd || dims === 2);
  return { names: [...new Set(names)], dims: ok ? dims : 2, fromProvenance: true };
}

/** A user objective as a TestFunction-shaped entry (id −1); the benchmark needs its domain. */
export function customFunction(obj: Objective): TestFunction {
  if (!obj.domain) throw new InputError(`--fn-module '${obj.name}': the benchmark draws start points from the domain — export domain ([[lo, hi], …])`);
  return testFunctionFromObjective(obj);
}

function builtinProblem(suite: SuiteName, fn: TestFunction, n: number, keyed: boolean): Problem {
  return { suite, key: keyed ? `${fn.name}-${n}d` : fn.name, fn, n, fmin: fn.fmin(n), fminEstimated: false, builtin: true };
}

/** The pre-registered split's function problems: its functions in 2-D ('preregistered'), its n-D
 *  ones at PREREGISTERED_ND_DIMS ('preregistered-nd'), in listing order. */
export function preregisteredProblems(): Problem[] {
  const fns = PREREGISTERED_FUNCTIONS.map((name) => getFunction(name)!);
  return [
    ...fns.map((fn) => builtinProblem('preregistered', fn, 2, false)),
    ...fns.filter((fn) => fn.nd).flatMap((fn) => PREREGISTERED_ND_DIMS.map((n) => builtinProblem('preregistered-nd', fn, n, true))),
  ];
}

export interface SuiteOptions {
  suites: readonly SuiteName[];
  /** Restrict every suite to these function names (built-in names, aliases, or custom names). */
  functions?: readonly string[];
  custom?: readonly Objective[];
  ndDims?: readonly number[];
}

/** The suites' problems. Unknown names in `functions` are an InputError (with suggestions); a
 *  selection that leaves no problem at all is an InputError. Suites left empty are dropped. */
export function buildSuites(model: O1Model, o: SuiteOptions): Suite[] {
  const customFns = (o.custom ?? []).map(customFunction);
  let only: Set<string> | undefined;
  if (o.functions) {
    only = new Set<string>();
    for (const name of o.functions) {
      const c = customFns.find((f) => f.name === name);
      if (c) {
        only.add(c.name);
        continue;
      }
      const fn = getFunction(name);
      if (!fn) {
        const near = suggestFunctions(name);
        throw new InputError(`--fn: unknown function '${name}'${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; \`o1 functions\` lists them`);
      }
      only.add(fn.name);
    }
  }
  const keep = (name: string) => !only || only.has(name);
  const train = trainFunctionsOf(model);
  const trainSet = new Set(train.names);
  const out: Suite[] = [];
  for (const name of o.suites) {
    let problems: Problem[] = [];
    if (name === 'train') {
      problems = train.names.filter(keep).map((f) => builtinProblem('train', getFunction(f)!, train.dims, train.dims !== 2));
    } else if (name === 'heldout') {
      problems = FUNCTIONS.filter((fn) => !(train.dims === 2 && trainSet.has(fn.name)) && !isPreregistered(fn.name) && keep(fn.name)).map((fn) => builtinProblem('heldout', fn, 2, false));
    } else if (name === 'nd') {
      for (const fn of FUNCTIONS.filter((f) => f.nd && !isPreregistered(f.name) && keep(f.name)))
        for (const n of o.ndDims ?? ND_DIMS) problems.push(builtinProblem('nd', fn, n, true));
    } else if (name === 'preregistered' || name === 'preregistered-nd') {
      problems = preregisteredProblems().filter((p) => p.suite === name && keep(p.fn.name));
    } else {
      problems = customFns.filter((fn) => keep(fn.name)).map((fn) => {
        const fmin = fn.fmin(fn.defaultDims);
        return { suite: 'custom' as const, key: fn.name, fn, n: fn.defaultDims, fmin, fminEstimated: !Number.isFinite(fmin), builtin: false };
      });
    }
    if (problems.length) out.push({ name, problems });
  }
  const keys = new Set<string>();
  for (const s of out) for (const p of s.problems) {
    // The same key in two suites (e.g. a custom function named like a built-in) would mix rows.
    if (keys.has(p.key)) p.key = `${p.key}@${s.name}`;
    keys.add(p.key);
  }
  if (out.length === 0) throw new InputError('the selected suites and functions leave nothing to benchmark (check --suite and --fn)');
  return out;
}

/** Start points of a problem, run-major, uniform in its domain. `purpose` ('eval' or 'tune')
 *  picks an independent seeded stream; the tuning starts are checked to differ from every
 *  evaluation start (disjoint sets), redrawing any that coincide. */
export function problemStarts(p: Problem, seed: number, purpose: 'eval' | 'tune', count: number): Float64Array {
  const rng = new Rng(deriveSeed(seed, 'bench', purpose, p.suite, p.key, p.n));
  const box = p.fn.domain(p.n);
  const out = new Float64Array(count * p.n);
  for (let r = 0; r < count; r++) for (let i = 0; i < p.n; i++) out[r * p.n + i] = rng.range(box.lo[i], box.hi[i]);
  return out;
}

/** Evaluation and tuning starts of a problem, the tuning set disjoint from the evaluation set. */
export function startSets(p: Problem, seed: number, evalCount: number, tuneCount: number): { evalStarts: Float64Array; tuneStarts: Float64Array } {
  const evalStarts = problemStarts(p, seed, 'eval', evalCount);
  const tuneStarts = problemStarts(p, seed, 'tune', tuneCount);
  const n = p.n;
  const seen = new Set<string>();
  for (let r = 0; r < evalCount; r++) seen.add(Array.from(evalStarts.subarray(r * n, (r + 1) * n)).join(','));
  const rng = new Rng(deriveSeed(seed, 'bench', 'tune-redraw', p.key));
  const box = p.fn.domain(n);
  for (let r = 0; r < tuneCount; r++) {
    while (seen.has(Array.from(tuneStarts.subarray(r * n, (r + 1) * n)).join(','))) {
      for (let i = 0; i < n; i++) tuneStarts[r * n + i] = rng.range(box.lo[i], box.hi[i]);
    }
  }
  return { evalStarts, tuneStarts };
}
