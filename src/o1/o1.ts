// The o1 update rule (docs/O1.md), coordinate-wise for any dimension n:
//   1. window_i ← g_i (filled with g at t = 0, shift-and-append after)
//   2. lr_i = exp(clamp(network(features(window_i)), logLrMin, logLrMax))
//   3. m_i ← β·m_i + g_i
//   4. x_i ← x_i − lr_i·m_i
// This is the pure-TS reference every other engine is checked against. `step` allocates nothing:
// every buffer lives in the state made by `init`.
import { InputError } from '../errors.js';
import type { Rng } from '../rng.js';
import type { LearnedOptimizerSpec, OptState, Stepper } from '../optimizers/types.js';
import { copyConfig, DEFAULT_O1_CONFIG, validateConfig, type NormalizedO1Config, type O1Config, type WindowO1Config } from './config.js';
import { computeFeaturesAt } from './features.js';
import { DEFAULT_INIT_LOG_LR, forwardAt, initParams, paramCount, scratchSize } from './network.js';
import { initNormalizedState, normalizedExtras, normalizedFeatureCount, normalizedStep, type NormalizedParams, type NormalizedState } from './normalized.js';
import type { NetworkConfig } from './network.js';
import { O1_KNOBS } from './knobs.js';

/** The multiplicative rule's lr state never exceeds MULTIPLICATIVE_LR_MAX (docs/O1.md, "Flat
 *  regions and tiny numbers"): on a flat region (g = 0, or a plateau whose gradient underflows) the
 *  network may keep accelerating, and without a cap lr overflows to Inf and Inf · 0 = NaN; a
 *  subnormal first gradient would make lr₋₁ = initStep / max|g₀| Inf at once. 1e30 is far above
 *  any lr a model reaches on a real problem (the shipped models stay below ~20 on the test
 *  functions; test/o1.flat.test.ts checks the cap is never reached there), and lr·m stays finite
 *  for any |m| < 1e278. There is no lower bound: a lr that decays to 0 only stops its coordinate. */
export const MULTIPLICATIVE_LR_MAX = 1e30;

/** lr capped at MULTIPLICATIVE_LR_MAX (the lr is never NaN: the state and exp(c) are positive). */
export function capMultiplicativeLr(lr: number): number {
  return lr > MULTIPLICATIVE_LR_MAX ? MULTIPLICATIVE_LR_MAX : lr;
}

/** lr₋₁ of the multiplicative rule over the whole vector: a first move of length initStep along
 *  the largest gradient coordinate — or of length max|x₀| when the start is closer than initStep
 *  to the origin, so a tiny start is not thrown out of its own scale — i.e. min(initStep, max|x₀|)
 *  / max|g₀| (initStep when x₀ = 0 alone; initStep when g₀ = 0), capped. A NaN gradient coordinate
 *  is skipped by the max (the TS stepper and the step API's WASM path share this one loop). */
export function initialMultiplicativeLr(x: ArrayLike<number>, g: ArrayLike<number>, initStep: number): number {
  let gMax = 0;
  let xMax = 0;
  for (let i = 0; i < g.length; i++) {
    const a = Math.abs(g[i]);
    if (a > gMax) gMax = a;
    const b = Math.abs(x[i]);
    if (b > xMax) xMax = b;
  }
  const move = xMax > 0 && xMax < initStep ? xMax : initStep;
  return capMultiplicativeLr(gMax > 0 ? move / gMax : initStep);
}

export interface O1Model {
  config: O1Config;
  /** Flat network parameters, layout of docs/O1.md; length paramCount(config). */
  weights: Float64Array;
  name?: string;
  /** Free-form JSON-able record of where the model comes from (training run, seed, …). */
  provenance?: Record<string, unknown>;
}

export interface O1StepperOptions {
  /** Also keep each step's features per coordinate in `state.features` (n × F). */
  record?: boolean;
}

/** A window rule's run state. The window is a shifted (not ring) buffer: row i is coordinate i's
 *  window, oldest → newest, so features read it in place. (The normalized rule's state is
 *  NormalizedState, normalized.ts.) */
export interface O1State extends OptState {
  /** n × W gradient windows. */
  window: Float64Array;
  /** n momentum buffers. */
  m: Float64Array;
  /** n learning rates used by the last step. */
  lr: Float64Array;
  /** W + 1 feature scratch (unused when recording). */
  featScratch: Float64Array;
  /** Network scratch, scratchSize(config). */
  netScratch: Float64Array;
  /** With { record: true }: the last step's features, n × (W+1) row-major; else empty. */
  features: Float64Array;
}

/** A stepper running one o1 model; `S` is its rule's state (O1State for the window rules,
 *  NormalizedState for the normalized rule). */
export interface O1Stepper<S extends OptState = OptState> extends Stepper<S> {
  readonly model: O1Model;
  readonly record: boolean;
  init(n: number): S;
  /** Per-coordinate lr of the last step (state.lr; zeros before the first step). */
  lastLr(state: S): Float64Array;
  /** Features of the last step, n × F row-major, when created with { record: true }. */
  lastFeatures(state: S): Float64Array | undefined;
}

function describeLayers(layers: readonly number[]): string {
  return `[${layers.join(',')}]`;
}

/** The message for a weight vector of the wrong length (shared with the model-file loaders). */
export function weightCountProblem(layers: readonly number[], found: number): string {
  return `expected ${paramCount({ layers: layers as number[] })} weights for layers ${describeLayers(layers)}, found ${found} — re-save the model or fix "layers"`;
}

/** Every problem with a model (config, weight count, non-finite weights, name, provenance). */
export function validateModel(model: unknown): string[] {
  if (typeof model !== 'object' || model === null) return ['a model must be an object'];
  const m = model as Partial<O1Model>;
  const problems = validateConfig(m.config);
  if (problems.length) return problems;
  const cfg = m.config as O1Config;
  const w = m.weights;
  if (!(w instanceof Float64Array)) return ['"weights" must be a Float64Array'];
  const expected = paramCount(cfg);
  if (w.length !== expected) return [weightCountProblem(cfg.layers, w.length)];
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i])) return [`weight ${i} is ${w[i]} — every weight must be a finite number`];
  }
  if (m.name !== undefined && typeof m.name !== 'string') problems.push('"name" must be a string');
  if (m.provenance !== undefined && (typeof m.provenance !== 'object' || m.provenance === null || Array.isArray(m.provenance)))
    problems.push('"provenance" must be an object');
  return problems;
}

/** A random (untrained) model: seeded init, output bias = initLogLr. */
export function randomO1Model(
  rng: Rng,
  config: Readonly<O1Config> = DEFAULT_O1_CONFIG,
  initLogLr = DEFAULT_INIT_LOG_LR,
  name?: string,
): O1Model {
  const cfg = copyConfig(config);
  const problems = validateConfig(cfg);
  if (problems.length) throw new InputError(`o1 config: ${problems.join('; ')}`);
  const model: O1Model = { config: cfg, weights: initParams(cfg, rng, initLogLr) };
  if (name !== undefined) model.name = name;
  return model;
}

/** A stepper running `model`. The model is validated here (InputError if bad) and its config and
 *  weights copied, so later edits to `model` do not change a running stepper. */
export function createO1Stepper(model: O1Model, opts: O1StepperOptions = {}): O1Stepper {
  const problems = validateModel(model);
  if (problems.length) throw new InputError(`o1 model${model?.name ? ` '${model.name}'` : ''}: ${problems.join('; ')}`);
  const cfg = copyConfig(model.config);
  const params = Float64Array.from(model.weights);
  const record = opts.record === true;
  const net = { layers: cfg.layers, activations: cfg.activations };
  if (cfg.lrMode === 'normalized') return createNormalizedStepper({ ...model, config: cfg, weights: params }, cfg, net, params, record);
  return createWindowStepper({ ...model, config: cfg, weights: params }, cfg, net, params, record);
}

// The window rules ('absolute', 'multiplicative'): steps 1–4 of the header.
function createWindowStepper(model: O1Model, cfg: WindowO1Config, net: NetworkConfig, params: Float64Array, record: boolean): O1Stepper<O1State> {
  const W = cfg.window;
  const F = W + 1;
  const set = cfg.features;
  const beta = cfg.beta;
  const lo = cfg.logLrMin;
  const hi = cfg.logLrMax;
  const multiplicative = cfg.lrMode === 'multiplicative';
  const initStep = cfg.initStep;
  const nScratch = scratchSize(net);

  return {
    model,
    record,
    init(n: number): O1State {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`o1: dimension must be a whole number ≥ 0, got ${n}`);
      const s: O1State = {
        t: 0,
        window: new Float64Array(n * W),
        m: new Float64Array(n),
        lr: new Float64Array(n),
        featScratch: new Float64Array(F),
        netScratch: new Float64Array(nScratch),
        features: new Float64Array(record ? n * F : 0),
      };
      return s;
    },
    step(x: Float64Array, g: Float64Array, s: O1State): void {
      const win = s.window;
      const m = s.m;
      const lrs = s.lr;
      const n = m.length;
      if (x.length !== n || g.length !== n) throw new RangeError(`o1: state is ${n}-D, got x of ${x.length} and g of ${g.length}`);
      const fbuf = record ? s.features : s.featScratch;
      const scratch = s.netScratch;
      const first = s.t === 0;
      if (first && multiplicative) {
        // lr₋₁ ≈ initStep / max|g₀|: the same first move whatever f's scale.
        lrs.fill(initialMultiplicativeLr(x, g, initStep));
      }
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        const base = i * W;
        // 1. window, oldest → newest: fill at the first step so no artificial zeros enter.
        if (first) {
          for (let k = 0; k < W; k++) win[base + k] = gi;
        } else {
          for (let k = 0; k < W - 1; k++) win[base + k] = win[base + k + 1];
          win[base + W - 1] = gi;
        }
        // 2. lr from the network, bounded before exp. A NaN output (a NaN gradient, or Inf − Inf
        //    inside an unbounded relu/identity layer) maps to logLrMin: the safe, small step.
        const fOff = record ? i * F : 0;
        computeFeaturesAt(set, win, base, W, fbuf, fOff);
        const o = forwardAt(net, params, fbuf, fOff, scratch);
        const c = o >= lo ? (o <= hi ? o : hi) : lo;
        // absolute: lr = exp(o) (the notebook's rule); multiplicative: lr ← min(lr·exp(o), LR cap).
        const lr = multiplicative ? capMultiplicativeLr(lrs[i] * Math.exp(c)) : Math.exp(c);
        lrs[i] = lr;
        // 3–4. heavy ball (m starts at 0, so m = g at t = 0).
        const mi = beta * m[i] + gi;
        m[i] = mi;
        x[i] -= lr * mi;
      }
      s.t++;
    },
    lastLr(s: O1State): Float64Array {
      return s.lr;
    },
    lastFeatures(s: O1State): Float64Array | undefined {
      return record ? s.features : undefined;
    },
  };
}

// The normalized rule (normalized.ts).
function createNormalizedStepper(
  model: O1Model,
  cfg: NormalizedO1Config,
  net: NetworkConfig,
  params: Float64Array,
  record: boolean,
): O1Stepper<NormalizedState> {
  const { progress, noise } = normalizedExtras(cfg.features);
  const featureCount = normalizedFeatureCount(cfg.features);
  const p: NormalizedParams = {
    net, params, beta: cfg.beta, logLrMin: cfg.logLrMin, logLrMax: cfg.logLrMax, initStep: cfg.initStep, record,
    distanceUnit: cfg.stepUnit === 'distance', progress, noise, featureCount,
  };
  const nScratch = scratchSize(net);
  return {
    model,
    record,
    init(n: number): NormalizedState {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`o1: dimension must be a whole number ≥ 0, got ${n}`);
      return initNormalizedState(n, record, nScratch, p.distanceUnit, { progress, noise, featureCount });
    },
    step(x: Float64Array, g: Float64Array, s: NormalizedState): void {
      if (x.length !== s.m.length || g.length !== s.m.length)
        throw new RangeError(`o1: state is ${s.m.length}-D, got x of ${x.length} and g of ${g.length}`);
      normalizedStep(p, x, g, s);
    },
    lastLr(s: NormalizedState): Float64Array {
      return s.lr;
    },
    lastFeatures(s: NormalizedState): Float64Array | undefined {
      return record ? s.features : undefined;
    },
  };
}

/** o1's registry entry: a learned rule, made from its model as a baseline is made from its
 *  hyper-parameters (src/optimizers/index.ts lists it with them). */
export const o1Spec: LearnedOptimizerSpec<O1Model, O1Stepper> & {
  create(model: O1Model, opts?: O1StepperOptions): O1Stepper;
} = {
  name: 'o1',
  id: 20,
  description: 'o1: momentum picks the direction (v3: divided by its running RMS, as in Adam), a small evolved network sets each coordinate\'s step size every step (v3: grows or shrinks its step length; v1/v2: sets its lr)',
  hyper: O1_KNOBS,
  create(model: O1Model, opts?: O1StepperOptions): O1Stepper {
    return createO1Stepper(model, opts);
  },
};
