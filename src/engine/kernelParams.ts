// What the kernels need to know about a function, a baseline optimizer or an o1 model, computed
// on the host with exactly the JS expressions the TS reference uses (Math.pow, `**`, Math.cos),
// so that the kernels receive the very same doubles.
import type { TestFunction } from '../functions/types.js';
import { getFunctionById } from '../functions/index.js';
import type { Hyper, KernelBinding, OptimizerSpec } from '../optimizers/types.js';
import { getOptimizer, resolveHyper } from '../optimizers/index.js';
import type { O1Model } from '../o1/o1.js';
import { MULTIPLICATIVE_LR_MAX, validateModel } from '../o1/o1.js';
import {
  LOG_STEP_MAX, LOG_STEP_MIN, NORMALIZED_BETA2, NORMALIZED_EPS, RMS_PLAIN_MIN, SLOW_BETA, STEP_SCALARS, normalizedExtras,
  normalizedFeatureCount, slowBiasCorrection, stepScalars,
} from '../o1/normalized.js';
import { InputError } from '../errors.js';
import { ACT_CODES, FEATURE_CODES, scratchBytes } from './wasmAbi.js';
import { type MlProblem, mlProblemOf } from '../ml/problem.js';
import { FN_ML, mlKernelProblem } from './mlKernel.js';

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
 * `transformedFunction` (kind 'transformed', with its `base` and `transform` properties), when
 * the kernels can run it: a base the kernels know (not itself transformed) at the function's
 * dimension, and a transform of that dimension. Otherwise undefined.
 */
export function transformedParts(fn: TestFunction): { base: TestFunction; transform: TransformData } | undefined {
  if (fn.kind !== 'transformed') return undefined;
  const { base, transform } = fn as { base?: unknown; transform?: unknown };
  if (base === null || typeof base !== 'object' || transform === null || typeof transform !== 'object') return undefined;
  const b = base as TestFunction;
  const t = transform as Partial<TransformData>;
  const n = fn.defaultDims;
  if (fn.nd || !Number.isInteger(n) || n < 1) return undefined;
  if (b.kind === 'transformed' || !kernelKnowsFunction(b) || (!b.nd && b.defaultDims !== n)) return undefined;
  if (!numbers(t.R, n * n) || !numbers(t.a, n) || !numbers(t.b, n) || typeof t.c !== 'number') return undefined;
  return { base: b, transform: t as TransformData };
}

/** True when the kernels implement `fn` exactly: a registry function (same object), an
 *  instance of a family that carries its kernel (the rotated quadratic), or such a function
 *  under the problem generator's transform (transformedParts). A user's function never. */
export function kernelKnowsFunction(fn: TestFunction): boolean {
  const ml = mlProblemOf(fn);
  if (ml) return mlKernelProblem(ml) === undefined;
  if (fn.kind === 'transformed') return transformedParts(fn) !== undefined;
  if (fn.kind === 'user') return false;
  return getFunctionById(fn.id) === fn || fn.kernel !== undefined;
}

/** The kernel id that computes a function the kernels know (not a transformed one). */
function kernelIdOf(fn: TestFunction): number {
  return fn.kernel?.id ?? fn.id;
}

/** What the kernels run for `fn` in dimension n: the id and parameter block of the function
 *  their dispatch knows (a transformed function's base), and the transform block, if any. */
export interface KernelFunction {
  id: number;
  params: Float64Array;
  /** assembly/transform.ts's block, or undefined for a plain function. */
  transform?: Float64Array;
  /** An MLP training loss (assembly/ml/mlp.ts), or undefined. */
  ml?: MlProblem;
}

export function kernelFunction(fn: TestFunction, n: number): KernelFunction {
  const ml = mlProblemOf(fn);
  if (ml) return { id: FN_ML, params: new Float64Array(0), ml };
  const parts = transformedParts(fn);
  if (!parts) return { id: kernelIdOf(fn), params: functionParams(fn, n) };
  return { id: kernelIdOf(parts.base), params: functionParams(parts.base, n), transform: transformParams(parts.base, n, parts.transform) };
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

/** The function's parameter block (assembly/functions.ts): what its `kernel` carries (the
 *  rotated quadratic's [cos π/6, sin π/6, λ_0 … λ_{n−1}]), else empty. (A transformed
 *  function's block is its base's: see kernelFunction.) */
export function functionParams(fn: TestFunction, n: number): Float64Array {
  const parts = transformedParts(fn);
  if (parts) return functionParams(parts.base, n);
  return fn.kernel ? fn.kernel.params(n) : new Float64Array(0);
}

/** The kernel binding of `spec` when the kernels implement it: a registry rule (or a spec with
 *  the same name and id) that declares one. */
export function kernelBindingOf(spec: OptimizerSpec): KernelBinding | undefined {
  const known = getOptimizer(spec.name);
  return known && known.id === spec.id ? known.kernel : undefined;
}

/** True when `spec` is one of the rules the kernels implement. */
export function kernelKnowsBaseline(spec: OptimizerSpec): boolean {
  return kernelBindingOf(spec) !== undefined;
}

export interface BaselineParams {
  hyper: Float64Array;
  /** Per-step scalars, `perStep` per step t = 0 … T−1 (empty for rules without any). */
  table: Float64Array;
  perStep: number;
  /** f64 state values per run in dimension n: buffers·n + scalars. */
  stateLanes(n: number): number;
}

/** The hyper-parameter block, per-step table and state size of the rule's kernel
 *  (assembly/optimizers/<kernel>.ts), from its binding. */
export function baselineParams(spec: OptimizerSpec, given: Hyper, steps: number): BaselineParams {
  const binding = kernelBindingOf(spec);
  if (!binding) throw new Error(`the WASM kernels have no optimizer '${spec.name}' (id ${spec.id})`);
  const h = resolveHyper(spec, given);
  const hyper = Float64Array.from(Object.values(binding.hyper), (value) => value(h));
  const perStep = binding.row?.length ?? 0;
  const table = perStep > 0 && binding.table ? binding.table(h, steps) : new Float64Array(0);
  const { buffers, scalars } = binding;
  return { hyper, table, perStep, stateLanes: (n) => buffers.length * n + scalars.length };
}

export interface ModelParams {
  weights: Float64Array;
  layers: Int32Array;
  acts: Int32Array;
  window: number;
  features: number;
  /** [β, logLrMin, logLrMax, multiplicative (1) or absolute (0) lrMode, initStep, the
   *  multiplicative lr cap (src/o1/o1.ts MULTIPLICATIVE_LR_MAX), then the normalized rule's
   *  constants (src/o1/normalized.ts): β₂, 1 − β₂, ε, LOG_STEP_MIN, LOG_STEP_MAX, RMS_PLAIN_MIN,
   *  its step unit: 1 for 'distance', 0 for 'start', and the noise input's SLOW_BETA] */
  hyper: Float64Array;
  widest: number;
  /** Bytes of kernel scratch per lane group: the window rules' (wasmAbi.ts scratchBytes), or the
   *  normalized rule's 8 feature lanes, two network buffers and, for its f32 path, two
   *  coordinates' 5 lanes of f64 values (assembly/normalized.ts). */
  scratchBytes: number;
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
    window: cfg.lrMode === 'normalized' ? 0 : cfg.window,
    features: FEATURE_CODES[cfg.features as keyof typeof FEATURE_CODES],
    hyper: Float64Array.of(
      cfg.beta, cfg.logLrMin, cfg.logLrMax, cfg.lrMode === 'multiplicative' ? 1 : 0, cfg.initStep, MULTIPLICATIVE_LR_MAX,
      NORMALIZED_BETA2, 1 - NORMALIZED_BETA2, NORMALIZED_EPS, LOG_STEP_MIN, LOG_STEP_MAX, RMS_PLAIN_MIN,
      isDistanceUnit(cfg) ? 1 : 0, SLOW_BETA,
    ),
    widest,
    scratchBytes: cfg.lrMode === 'normalized' ? (normalizedFeatureCount(cfg.features) + 2 * widest + 10) * 16 : scratchBytes(cfg.window, widest),
  };
}

/** The normalized rule's per-step table for T steps (assembly/normalized.ts): row t is
 *  stepScalars(β, t), the numbers the reference computes at step t, then, for a feature set with
 *  the noise input, slowBiasCorrection(t). Empty for the window rules. */
export function o1StepTable(model: O1Model, steps: number): Float64Array {
  const cfg = model.config;
  if (cfg.lrMode !== 'normalized') return new Float64Array(0);
  const noise = normalizedExtras(cfg.features).noise;
  const row = STEP_SCALARS + (noise ? 1 : 0);
  const table = new Float64Array(row * steps);
  for (let t = 0; t < steps; t++) {
    stepScalars(cfg.beta, t, table, row * t);
    if (noise) table[row * t + STEP_SCALARS] = slowBiasCorrection(t);
  }
  return table;
}

/** o1's state lanes per run in dimension n (assembly/o1.ts o1StateLanes; the normalized rule's
 *  'distance' unit also keeps b, D and x₀, the feature sets after v3 those and the path length,
 *  and with the noise input the slow momentum: assembly/normalized.ts normalizedStateLanes). */
export function o1StateLanes(model: O1Model, n: number): number {
  const cfg = model.config;
  if (cfg.lrMode !== 'normalized') return (cfg.window + 2) * n;
  const { progress, noise } = normalizedExtras(cfg.features);
  if (noise) return 5 * n + 5;
  if (progress) return 4 * n + 5;
  return isDistanceUnit(cfg) ? 4 * n + 4 : 3 * n + 2;
}

function isDistanceUnit(cfg: O1Model['config']): boolean {
  return cfg.lrMode === 'normalized' && cfg.stepUnit === 'distance';
}
