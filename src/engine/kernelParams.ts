// What the kernels need to know about a function, a baseline optimizer or an o1 model, computed
// on the host with exactly the JS expressions the TS reference uses (Math.pow, `**`, Math.cos),
// so that the kernels receive the very same doubles.
import type { TestFunction } from '../functions/types.js';
import { getFunctionById } from '../functions/index.js';
import type { Hyper, OptimizerSpec } from '../optimizers/types.js';
import { CLASSIC_OPTIMIZERS, STEP_SIZE_METHODS, resolveHyper } from '../optimizers/index.js';
import type { O1Model } from '../o1/o1.js';
import { validateModel } from '../o1/o1.js';
import { InputError } from '../errors.js';
import { ACT_CODES, FEATURE_CODES } from './wasmAbi.js';

const QUADRATIC_FAMILY_ID = 2;
/** The id src/train/problems.ts gives a transformed function. */
const TRANSFORMED_ID = -1;

/** The condition number of a rotated quadratic (id 2): its `cond` property when it has one, else
 *  the number in its description (makeRotatedQuadratic writes String(cond), which round-trips). */
export function quadraticCond(fn: TestFunction): number | undefined {
  const own = (fn as { cond?: unknown }).cond;
  if (typeof own === 'number') return own;
  const m = /condition number ([^)\s]+)\)/.exec(fn.description);
  const v = m ? Number(m[1]) : NaN;
  return Number.isFinite(v) && v >= 1 ? v : undefined;
}

/** The problem generator's transform as the kernels read it (src/train/problems.ts Transform). */
interface TransformData {
  R: ArrayLike<number>;
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  c: number;
  log: boolean;
}

function numbers(v: unknown, length: number): v is ArrayLike<number> {
  if (v === null || typeof v !== 'object' || (v as { length?: unknown }).length !== length) return false;
  const arr = v as ArrayLike<unknown>;
  for (let k = 0; k < length; k++) if (typeof arr[k] !== 'number') return false;
  return true;
}

/**
 * The base function and transform of a function built by src/train/problems.ts
 * `transformedFunction` (id −1, with its `base` and `transform` properties), when the kernels can
 * run it: a base the kernels know (not itself transformed) at the function's dimension, and a
 * transform of that dimension. Otherwise undefined.
 */
export function transformedParts(fn: TestFunction): { base: TestFunction; transform: TransformData } | undefined {
  if (fn.id !== TRANSFORMED_ID) return undefined;
  const { base, transform } = fn as { base?: unknown; transform?: unknown };
  if (base === null || typeof base !== 'object' || transform === null || typeof transform !== 'object') return undefined;
  const b = base as TestFunction;
  const t = transform as Partial<TransformData>;
  const n = fn.defaultDims;
  if (fn.nd || !Number.isInteger(n) || n < 1) return undefined;
  if (b.id === TRANSFORMED_ID || !kernelKnowsFunction(b) || (!b.nd && b.defaultDims !== n)) return undefined;
  if (!numbers(t.R, n * n) || !numbers(t.a, n) || !numbers(t.b, n) || typeof t.c !== 'number') return undefined;
  return { base: b, transform: t as TransformData };
}

/** True when the kernels implement `fn` exactly: a registry function (same object), an
 *  instance of the rotated-quadratic family whose condition number can be read, or such a
 *  function under the problem generator's transform (transformedParts). */
export function kernelKnowsFunction(fn: TestFunction): boolean {
  if (fn.id === TRANSFORMED_ID) return transformedParts(fn) !== undefined;
  if (getFunctionById(fn.id) === fn) return fn.id !== QUADRATIC_FAMILY_ID || quadraticCond(fn) !== undefined;
  return fn.id === QUADRATIC_FAMILY_ID && quadraticCond(fn) !== undefined;
}

/** What the kernels run for `fn` in dimension n: the id and parameter block of the function
 *  their dispatch knows (a transformed function's base), and the transform block, if any. */
export interface KernelFunction {
  id: number;
  params: Float64Array;
  /** assembly/transform.ts's block, or undefined for a plain function. */
  transform?: Float64Array;
}

export function kernelFunction(fn: TestFunction, n: number): KernelFunction {
  const parts = transformedParts(fn);
  if (!parts) return { id: fn.id, params: functionParams(fn, n) };
  return { id: parts.base.id, params: functionParams(parts.base, n), transform: transformParams(parts.base, n, parts.transform) };
}

/**
 * The transform block of assembly/transform.ts: [c, log (1/0), f*, M (n×n), R (n×n), a, b] with
 * f* = base.fmin(n) and M_ki = R_ki·a_i, the very product transformedFunction's forward map
 * starts each term with (`t.R[k * n + i] * t.a[i] * x[i]`, left to right).
 */
export function transformParams(base: TestFunction, n: number, t: TransformData): Float64Array {
  const out = new Float64Array(3 + 2 * n * n + 2 * n);
  out[0] = t.c;
  out[1] = t.log ? 1 : 0;
  out[2] = base.fmin(n);
  const M = 3;
  const R = M + n * n;
  const a = R + n * n;
  const b = a + n;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      out[M + k * n + i] = t.R[k * n + i] * t.a[i];
      out[R + k * n + i] = t.R[k * n + i];
    }
  }
  for (let i = 0; i < n; i++) {
    out[a + i] = t.a[i];
    out[b + i] = t.b[i];
  }
  return out;
}

/** The function's parameter block (assembly/functions.ts): for the rotated quadratic
 *  [cos π/6, sin π/6, λ_0 … λ_{n−1}], λ_i = cond^(i/(n−1)) as src/functions/quadratic.ts.
 *  (A transformed function's block is its base's: see kernelFunction.) */
export function functionParams(fn: TestFunction, n: number): Float64Array {
  const parts = transformedParts(fn);
  if (parts) return functionParams(parts.base, n);
  if (fn.id !== QUADRATIC_FAMILY_ID) return new Float64Array(0);
  const cond = quadraticCond(fn);
  if (cond === undefined) throw new Error(`cannot read the condition number of '${fn.name}'`);
  const out = new Float64Array(2 + n);
  const angle = Math.PI / 6;
  out[0] = Math.cos(angle);
  out[1] = Math.sin(angle);
  for (let i = 0; i < n; i++) out[2 + i] = n === 1 ? 1 : Math.pow(cond, i / (n - 1));
  return out;
}

/** The rules the kernels implement: the classic ones (ids 1–8) and the step-size methods
 *  sgd-hd, adam-hd and dog (ids 9–11). */
const KERNEL_BASELINES: readonly OptimizerSpec[] = [...CLASSIC_OPTIMIZERS, ...STEP_SIZE_METHODS];

/** True when `spec` is one of the rules the kernels implement. */
export function kernelKnowsBaseline(spec: OptimizerSpec): boolean {
  return KERNEL_BASELINES.some((o) => o === spec || (o.id === spec.id && o.name === spec.name));
}

export interface BaselineParams {
  hyper: Float64Array;
  /** Per-step scalars, `perStep` per step t = 0 … T−1 (empty for rules without any). */
  table: Float64Array;
  perStep: number;
}

/** The hyper-parameter block and per-step table of assembly/optimizers.ts. */
export function baselineParams(spec: OptimizerSpec, given: Hyper, steps: number): BaselineParams {
  const h = resolveHyper(spec, given);
  const none = new Float64Array(0);
  switch (spec.id) {
    case 1:
      return { hyper: Float64Array.of(h.lr, h.weight_decay), table: none, perStep: 0 };
    case 2:
    case 3:
      return { hyper: Float64Array.of(h.lr, h.momentum, h.dampening, h.weight_decay), table: none, perStep: 0 };
    case 4:
      return {
        hyper: Float64Array.of(h.lr, h.lr_decay, h.weight_decay, h.initial_accumulator_value, h.eps),
        table: none,
        perStep: 0,
      };
    case 5:
      return {
        hyper: Float64Array.of(h.lr, h.alpha, h.eps, h.weight_decay, h.momentum, h.centered),
        table: none,
        perStep: 0,
      };
    case 6:
    case 7: {
      const adamw = spec.id === 7;
      const { lr, beta1, beta2 } = h;
      const table = new Float64Array(2 * steps);
      for (let s = 0; s < steps; s++) {
        const t = s + 1; // src/optimizers/adam.ts: t = ++state.t
        const biasCorrection1 = 1 - beta1 ** t;
        table[2 * s] = -(lr / biasCorrection1);
        table[2 * s + 1] = Math.sqrt(1 - beta2 ** t);
      }
      return {
        hyper: Float64Array.of(lr, beta1, beta2, h.eps, adamw ? 0 : h.weight_decay, adamw ? h.weight_decay : 0, h.amsgrad),
        table,
        perStep: 2,
      };
    }
    case 8: {
      const { lr, beta1, beta2 } = h;
      const momentumDecay = h.momentum_decay;
      const table = new Float64Array(3 * steps);
      let muProduct = 1;
      for (let s = 0; s < steps; s++) {
        const t = s + 1; // src/optimizers/nadam.ts, same expressions
        const biasCorrection2 = 1 - beta2 ** t;
        const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
        const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
        muProduct = muProduct * mu;
        const muProductNext = muProduct * muNext;
        table[3 * s] = biasCorrection2;
        table[3 * s + 1] = (-lr * (1 - mu)) / (1 - muProduct);
        table[3 * s + 2] = (-lr * muNext) / (1 - muProductNext);
      }
      return { hyper: Float64Array.of(lr, beta1, beta2, h.eps, h.weight_decay, momentumDecay), table, perStep: 3 };
    }
    case 9:
      return { hyper: Float64Array.of(h.lr, h.hypergrad_lr), table: none, perStep: 0 };
    case 10: {
      const { beta1, beta2 } = h;
      const table = new Float64Array(2 * steps);
      for (let s = 0; s < steps; s++) {
        const t = s + 1; // src/optimizers/adamHd.ts: t = ++state.t, same expressions
        table[2 * s] = 1 - beta1 ** t;
        table[2 * s + 1] = 1 - beta2 ** t;
      }
      return { hyper: Float64Array.of(h.lr, beta1, beta2, h.eps, h.hypergrad_lr), table, perStep: 2 };
    }
    case 11:
      return { hyper: Float64Array.of(h.lr, h.reps_rel), table: none, perStep: 0 };
    default:
      throw new Error(`the WASM kernels have no optimizer '${spec.name}' (id ${spec.id})`);
  }
}

export interface ModelParams {
  weights: Float64Array;
  layers: Int32Array;
  acts: Int32Array;
  window: number;
  features: number;
  /** [β, logLrMin, logLrMax, multiplicative (1) or absolute (0) lrMode, initStep] */
  hyper: Float64Array;
  widest: number;
}

/** The o1 model as the kernels read it; throws InputError for an invalid model, as the TS
 *  stepper does. */
export function modelParams(model: O1Model): ModelParams {
  const problems = validateModel(model);
  if (problems.length) throw new InputError(`o1 model${model?.name ? ` '${model.name}'` : ''}: ${problems.join('; ')}`);
  const cfg = model.config;
  let widest = 1;
  for (let l = 1; l < cfg.layers.length; l++) widest = Math.max(widest, cfg.layers[l]);
  return {
    weights: Float64Array.from(model.weights),
    layers: Int32Array.from(cfg.layers),
    acts: Int32Array.from(cfg.activations.map((a) => ACT_CODES[a])),
    window: cfg.window,
    features: FEATURE_CODES[cfg.features],
    hyper: Float64Array.of(cfg.beta, cfg.logLrMin, cfg.logLrMax, cfg.lrMode === 'multiplicative' ? 1 : 0, cfg.initStep),
    widest,
  };
}
