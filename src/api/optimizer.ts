// The step API: an optimizer for any JS training loop. It holds the state for a list of
// parameter tensors (Float32Array or Float64Array, any sizes) and updates them in place from
// their gradients, one `step(params, grads)` per iteration; `state()` / `load()` checkpoint it.
// The same API for o1 and every baseline, so a comparison is one line:
//   const opt = createO1Optimizer();              // or createOptimizer('adam', { lr: 1e-3 })
//   opt.step([w, b], [dw, db]);
// Every rule is coordinate-wise over the flat vector of all tensors (tensor after tensor). The
// arithmetic is f64: Float32 parameters are widened, stepped and rounded back to f32, which
// is what TF.js's own optimizers do with f32 variables. A step whose gradients hold a NaN or
// ±Infinity is skipped (parameters and state unchanged, `skippedSteps` counts it), as PyTorch's
// GradScaler skips optimizer.step() on an overflowed gradient.
import { InputError } from '../errors.js';
import type { EngineName } from '../engine/types.js';
import type { O1WasmExports } from '../engine/loadWasm.js';
import { getEngineSync } from '../engine/index.js';
import { ALL_OPTIMIZERS, configureOptimizer, createStepper, optimizerNames, type ConfiguredOptimizer } from '../optimizers/index.js';
import type { OptState, Stepper } from '../optimizers/types.js';
import { createO1Stepper, type O1Model, type O1State } from '../o1/o1.js';
import { withKnobs } from '../o1/knobs.js';
import { isExperimentalFeatureSet } from '../o1/features.js';
import { shippedDefaultModel } from './defaultModel.js';
import { checkCheckpoint, STATE_FORMAT, STATE_VERSION, type OptimizerCheckpoint } from './state.js';
import { anyNonFinite, gather, sameSizes, scatter, tensorSizes, total, type FloatArray } from './tensors.js';
import { DEFAULT_MAX_CHUNK_BYTES, kernelsSupportModel, WasmO1Vector } from './wasmO1.js';
import { normalizedPrecision, WasmNormalizedVector, type Precision } from './wasmNormalized.js';
import type { NormalizedState } from '../o1/normalized.js';

export interface TrainingOptimizer {
  /** The rule: 'o1', 'adam', … */
  readonly name: string;
  /** Where the steps run: 'wasm' (the kernels) or 'ts' (the reference; same numbers for o1). */
  readonly engine: EngineName;
  /** 'exact' (the reference's bits) or 'f32' (o1's opt-in f32 path, where it runs). */
  readonly precision: Precision;
  /** Steps taken. */
  readonly t: number;
  /** Steps skipped because a gradient was NaN or ±Infinity (parameters and state left as they were). */
  readonly skippedSteps: number;
  /** Sizes of the parameter tensors, fixed by the first step (or load); undefined before. */
  readonly sizes: readonly number[] | undefined;
  /** One update of every tensor in place: params[k] −= … from grads[k]. Skipped (nothing
   *  changes, skippedSteps + 1) when a gradient is NaN or ±Infinity. */
  step(params: readonly FloatArray[], grads: readonly FloatArray[]): void;
  /** A copy of the state (typed arrays); checkpointToJson makes it JSON. */
  state(): OptimizerCheckpoint;
  /** Continues from a checkpoint (its copy): the next step is exactly the one that would have
   *  followed the checkpointed step. */
  load(checkpoint: OptimizerCheckpoint): void;
  /** Per-coordinate lr of the last step over the flat vector, for rules that choose one
   *  (o1, sgd-hd, adam-hd, dog); undefined for fixed-lr rules. */
  lastLr(): Float64Array | undefined;
}

export interface EngineChoice {
  /** 'auto' (default): the WASM kernels when the shared engine is loaded (`await initWasm()`)
   *  and they implement the rule, else the TS reference. 'wasm': the same, but an engine that
   *  is not loaded is an error. 'ts': always the reference. */
  engine?: EngineName | 'auto';
  /** The kernels to use instead of the shared engine's (an instance of your own). */
  kernels?: O1WasmExports;
  /** Cap on the linear memory of one kernel call; bigger models are stepped in chunks. */
  maxChunkBytes?: number;
}

export interface O1OptimizerOptions extends EngineChoice {
  /** The o1 model (default: the package's models/default.json, in Node). */
  model?: O1Model;
  /** o1's knobs (src/o1/knobs.ts, docs/O1.md "Knobs"): lr multiplies its step unit (default 1,
   *  the model's own); max_growth caps how much a step may lengthen per step (default none). */
  lr?: number;
  max_growth?: number;
  /** 'exact' (default): the reference's bits on every engine. 'f32': the normalized rule's
   *  network and level feature in f32x4 on the SIMD kernels (state and the rest f64), faster and
   *  within the tolerance of test/api.f32.test.ts; where it cannot run (the TS reference, the scalar
   *  build, a window rule, a network with more than one hidden layer) the step is exact and
   *  `opt.precision` says 'exact'. */
  precision?: Precision;
}

/** The flat-vector rule behind an optimizer: the TS stepper or the o1 kernels. */
interface FlatCore {
  readonly engine: EngineName;
  readonly precision: Precision;
  readonly t: number;
  /** One step of the tensors in place; false (nothing changed) when a gradient is not finite. */
  step(params: readonly FloatArray[], grads: readonly FloatArray[]): boolean;
  /** The state in the TS stepper's layout. */
  exportState(): OptState;
  importState(s: OptState): void;
  lastLr(): Float64Array | undefined;
}

/** Rules stepped on a host copy of the flat vector (the TS reference, the window rules' kernels). */
abstract class HostVectorCore implements FlatCore {
  abstract readonly engine: EngineName;
  readonly precision = 'exact' as const;
  private readonly x: Float64Array;
  private readonly g: Float64Array;
  constructor(n: number) {
    this.x = new Float64Array(n);
    this.g = new Float64Array(n);
  }
  abstract get t(): number;
  protected abstract stepVector(x: Float64Array, g: Float64Array): void;
  abstract exportState(): OptState;
  abstract importState(s: OptState): void;
  abstract lastLr(): Float64Array | undefined;
  step(params: readonly FloatArray[], grads: readonly FloatArray[]): boolean {
    if (anyNonFinite(grads)) return false;
    gather(params, this.x);
    gather(grads, this.g);
    this.stepVector(this.x, this.g);
    scatter(this.x, params);
    return true;
  }
}

class TsCore extends HostVectorCore {
  readonly engine = 'ts' as const;
  private s: OptState;
  constructor(private readonly stepper: Stepper, n: number) {
    super(n);
    this.s = stepper.init(n);
  }
  get t(): number {
    return this.s.t;
  }
  protected stepVector(x: Float64Array, g: Float64Array): void {
    this.stepper.step(x, g, this.s);
  }
  exportState(): OptState {
    return this.s;
  }
  importState(s: OptState): void {
    this.s = s;
  }
  lastLr(): Float64Array | undefined {
    return this.stepper.lastLr?.(this.s);
  }
}

/** The window rules (v1/v2 features) on the kernels: each coordinate a run of dimension 1. */
class WasmO1Core extends HostVectorCore {
  readonly engine = 'wasm' as const;
  private readonly v: WasmO1Vector;
  constructor(private readonly stepper: Stepper, kernels: O1WasmExports, model: O1Model, n: number, maxChunkBytes: number) {
    super(n);
    this.v = new WasmO1Vector(kernels, model, n, maxChunkBytes);
  }
  get t(): number {
    return this.v.t;
  }
  protected stepVector(x: Float64Array, g: Float64Array): void {
    this.v.step(x, g);
  }
  exportState(): OptState {
    const s = this.stepper.init(this.v.n) as O1State;
    s.t = this.v.t;
    s.window.set(this.v.windowRows());
    s.m.set(this.v.m);
    s.lr.set(this.v.lr);
    return s;
  }
  importState(s: OptState): void {
    const o = s as O1State;
    this.v.setState(o.t, o.window, o.m, o.lr);
  }
  lastLr(): Float64Array {
    return this.v.lr;
  }
}

/** The normalized rule (v3) on the step API's kernels: parameters straight from the tensors. */
class WasmNormalizedCore implements FlatCore {
  readonly engine = 'wasm' as const;
  private readonly v: WasmNormalizedVector;
  constructor(private readonly stepper: Stepper, kernels: O1WasmExports, model: O1Model, n: number, maxChunkBytes: number, precision: Precision) {
    this.v = new WasmNormalizedVector(kernels, model, n, maxChunkBytes, precision);
  }
  get precision(): Precision {
    return this.v.precision;
  }
  get t(): number {
    return this.v.t;
  }
  step(params: readonly FloatArray[], grads: readonly FloatArray[]): boolean {
    return this.v.step(params, grads);
  }
  exportState(): OptState {
    const s = this.stepper.init(this.v.n);
    this.v.exportInto(s as unknown as NormalizedState);
    return s;
  }
  importState(s: OptState): void {
    this.v.importFrom(s as unknown as NormalizedState);
  }
  lastLr(): Float64Array {
    return this.v.lr();
  }
}

type CoreFactory = (n: number) => FlatCore;

class FlatOptimizer implements TrainingOptimizer {
  private core: FlatCore | undefined;
  private sizesFixed: number[] | undefined;
  private skipped = 0;

  constructor(
    readonly name: string,
    readonly engine: EngineName,
    private readonly stepper: Stepper,
    private readonly makeCore: CoreFactory,
    readonly precision: Precision = 'exact',
  ) {}

  get t(): number {
    return this.core?.t ?? 0;
  }

  get skippedSteps(): number {
    return this.skipped;
  }

  get sizes(): readonly number[] | undefined {
    return this.sizesFixed;
  }

  /** The core for tensors of these sizes; nothing is kept unless it could be made. */
  private setUp(sizes: number[]): FlatCore {
    const core = allocating(this.name, total(sizes), () => this.makeCore(total(sizes)));
    this.sizesFixed = sizes;
    this.core = core;
    return core;
  }

  step(params: readonly FloatArray[], grads: readonly FloatArray[]): void {
    const sizes = tensorSizes(params, grads, this.name);
    let core = this.core;
    if (!core || !this.sizesFixed) core = this.setUp(sizes);
    else if (!sameSizes(sizes, this.sizesFixed))
      throw new InputError(
        `${this.name}.step: tensor sizes [${sizes.join(', ')}] differ from the ones this optimizer holds state for ([${this.sizesFixed.join(', ')}]) — use one optimizer per set of parameters`,
      );
    if (!core.step(params, grads)) this.skipped++;
  }

  state(): OptimizerCheckpoint {
    const buffers: Record<string, Float64Array> = {};
    const scalars: Record<string, number> = {};
    let t = 0;
    if (this.core) {
      const s = this.core.exportState();
      t = s.t;
      for (const [k, v] of Object.entries(s)) {
        if (k === 't') continue;
        if (v instanceof Float64Array) buffers[k] = Float64Array.from(v);
        else if (typeof v === 'number') scalars[k] = v;
      }
    }
    return { format: STATE_FORMAT, version: STATE_VERSION, optimizer: this.name, sizes: [...(this.sizesFixed ?? [])], t, buffers, scalars };
  }

  load(checkpoint: OptimizerCheckpoint): void {
    const c = checkCheckpoint(checkpoint);
    if (c.optimizer !== this.name)
      throw new InputError(`${this.name}.load: the checkpoint is of optimizer '${c.optimizer}' — load it into createOptimizer('${c.optimizer}', …)`);
    if (this.sizesFixed && !sameSizes(c.sizes, this.sizesFixed))
      throw new InputError(`${this.name}.load: the checkpoint is for tensors of sizes [${c.sizes.join(', ')}], this optimizer holds [${this.sizesFixed.join(', ')}]`);
    const n = total(c.sizes);
    // The rule's own fresh state is the template: every buffer and scalar it has must be there.
    const s = allocating(this.name, n, () => this.stepper.init(n));
    for (const [k, v] of Object.entries(s)) {
      if (k === 't') continue;
      if (v instanceof Float64Array) {
        const b = c.buffers[k];
        if (!b) throw new InputError(`${this.name}.load: the checkpoint has no buffer "${k}" — it was not made by this rule`);
        if (b.length !== v.length) throw new InputError(`${this.name}.load: buffer "${k}" has ${b.length} values, expected ${v.length}`);
        v.set(b);
      } else if (typeof v === 'number') {
        const sv = c.scalars[k];
        if (typeof sv !== 'number') throw new InputError(`${this.name}.load: the checkpoint has no scalar "${k}"`);
        (s as Record<string, unknown>)[k] = sv;
      }
    }
    for (const k of [...Object.keys(c.buffers), ...Object.keys(c.scalars)]) {
      if (!(k in s)) throw new InputError(`${this.name}.load: the checkpoint has "${k}", which this rule does not keep — it was made by another rule`);
    }
    s.t = c.t;
    const core = this.setUp([...c.sizes]);
    core.importState(s);
    this.skipped = 0;
  }

  lastLr(): Float64Array | undefined {
    const lr = this.core?.lastLr();
    return lr ? Float64Array.from(lr) : undefined;
  }
}

/** make(), with an allocation that fails (a model too large for memory) as one clear InputError. */
function allocating<T>(who: string, n: number, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof RangeError) {
      throw new InputError(
        `${who}: cannot allocate the optimizer state for ${n} parameters (${(e as Error).message}) — the model is too large for this process's memory; step it in parts with one optimizer per part`,
      );
    }
    throw e;
  }
}

function loadedKernels(choice: EngineChoice, who: string): O1WasmExports | undefined {
  const engine = choice.engine ?? 'auto';
  if (engine !== 'auto' && engine !== 'wasm' && engine !== 'ts')
    throw new InputError(`${who}: engine must be 'auto', 'wasm' or 'ts', got ${JSON.stringify(engine)}`);
  if (engine === 'ts') return undefined;
  if (choice.kernels) return choice.kernels;
  try {
    return getEngineSync('wasm').kernels;
  } catch (e) {
    if (engine === 'wasm') throw new InputError(`${who}: ${(e as Error).message}`);
    return undefined;
  }
}

/** o1 for a training loop. On the WASM kernels when they are loaded (`await initWasm()`) and
 *  implement the model's rule; otherwise the TS reference, which gives the same numbers. */
export function createO1Optimizer(options: O1OptimizerOptions = {}): TrainingOptimizer {
  const given = options.model ?? shippedDefaultModel();
  createO1Stepper(given); // validates the model as given (InputError) before any knob touches it
  if (isExperimentalFeatureSet(given.config.features))
    throw new InputError(
      `createO1Optimizer: model${given.name ? ` '${given.name}'` : ''} has features ${given.config.features}, an experimental feature set that only o1 train, o1 bench and o1 run (the TS reference and the batched kernels) run; the step API, TF.js and the Python port take features v1, v2 or v3`,
    );
  const model = withKnobs(given, { lr: options.lr, max_growth: options.max_growth }, 'createO1Optimizer');
  const stepper = createO1Stepper(model);
  const kernels = loadedKernels(options, 'createO1Optimizer');
  const maxChunkBytes = options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES;
  if (!(maxChunkBytes > 0)) throw new InputError(`createO1Optimizer: maxChunkBytes must be a positive number, got ${maxChunkBytes}`);
  const precision = options.precision ?? 'exact';
  if (precision !== 'exact' && precision !== 'f32') throw new InputError(`createO1Optimizer: precision must be 'exact' or 'f32', got ${JSON.stringify(precision)}`);
  const valid = stepper.model;
  if (kernels && kernelsSupportModel(valid)) {
    if (valid.config.lrMode === 'normalized') {
      const runs = normalizedPrecision(kernels, valid, precision);
      return new FlatOptimizer('o1', 'wasm', stepper, (n) => new WasmNormalizedCore(stepper, kernels, valid, n, maxChunkBytes, runs), runs);
    }
    return new FlatOptimizer('o1', 'wasm', stepper, (n) => new WasmO1Core(stepper, kernels, valid, n, maxChunkBytes));
  }
  return new FlatOptimizer('o1', 'ts', stepper, (n) => new TsCore(stepper, n));
}

/** Any rule by name — 'o1' (options.model) or a baseline with its PyTorch-named
 *  hyper-parameters, e.g. createOptimizer('adam', { lr: 1e-3 }). Baselines run on the TS
 *  reference (they are a few multiply-adds per coordinate; the kernels have no single-step entry
 *  for them). */
export function createOptimizer(name: string, hyper: Record<string, number> = {}, options: O1OptimizerOptions = {}): TrainingOptimizer {
  if (typeof name !== 'string') throw new InputError(`createOptimizer: the first argument names the rule (a string), got ${typeof name}`);
  const key = name.toLowerCase();
  const spec = ALL_OPTIMIZERS.find((o) => o.name === key);
  if (!spec) throw new InputError(`createOptimizer: unknown optimizer '${name}' (use ${optimizerNames().join(', ')})`);
  let rule: ConfiguredOptimizer;
  try {
    rule = configureOptimizer(spec, hyper ?? {}, () => options.model ?? shippedDefaultModel());
  } catch (e) {
    throw new InputError(`createOptimizer('${spec.name}'): ${(e as Error).message}`);
  }
  // o1 has a single-step kernel (WasmO1Vector); the baselines run on the TS reference.
  if (rule.kind === 'o1') {
    if (options.lr !== undefined || options.max_growth !== undefined)
      throw new InputError(`createOptimizer('o1'): give o1's lr and max_growth once, as hyper-parameters (createOptimizer('o1', { lr: 0.5 }))`);
    return createO1Optimizer({ ...options, model: rule.model });
  }
  const stepper = createStepper(rule);
  return new FlatOptimizer(spec.name, 'ts', stepper, (n) => new TsCore(stepper, n));
}
