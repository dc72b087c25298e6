// What the kernels need to know about a function, a baseline optimizer or an o1 model, computed
// on the host with exactly the JS expressions the TS reference uses (Math.pow, `**`, Math.cos),
// so that the kernels receive the very same doubles.
import type { TestFunction } from '../functions/types.js';
import { getFunctionById } from '../functions/index.js';
import type { Hyper, OptimizerSpec } from '../optimizers/types.js';
import { CLASSIC_OPTIMIZERS, resolveHyper } from '../optimizers/index.js';
import type { O1Model } from '../o1/o1.js';
import { validateModel } from '../o1/o1.js';
import { InputError } from '../errors.js';
import { ACT_CODES, FEATURE_CODES } from './wasmAbi.js';

const QUADRATIC_FAMILY_ID = 2;

/** The condition number of a rotated quadratic (id 2): its `cond` property when it has one, else
 *  the number in its description (makeRotatedQuadratic writes String(cond), which round-trips). */
export function quadraticCond(fn: TestFunction): number | undefined {
  const own = (fn as { cond?: unknown }).cond;
  if (typeof own === 'number') return own;
  const m = /condition number ([^)\s]+)\)/.exec(fn.description);
  const v = m ? Number(m[1]) : NaN;
  return Number.isFinite(v) && v >= 1 ? v : undefined;
}

/** True when the kernels implement `fn` exactly: a registry function (same object), or an
 *  instance of the rotated-quadratic family whose condition number can be read. */
export function kernelKnowsFunction(fn: TestFunction): boolean {
  if (getFunctionById(fn.id) === fn) return fn.id !== QUADRATIC_FAMILY_ID || quadraticCond(fn) !== undefined;
  return fn.id === QUADRATIC_FAMILY_ID && quadraticCond(fn) !== undefined;
}

/** The function's parameter block (assembly/functions.ts): for the rotated quadratic
 *  [cos π/6, sin π/6, λ_0 … λ_{n−1}], λ_i = cond^(i/(n−1)) as src/functions/quadratic.ts. */
export function functionParams(fn: TestFunction, n: number): Float64Array {
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

/** True when `spec` is one of the classic rules the kernels implement. */
export function kernelKnowsBaseline(spec: OptimizerSpec): boolean {
  return CLASSIC_OPTIMIZERS.some((o) => o === spec || (o.id === spec.id && o.name === spec.name));
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
