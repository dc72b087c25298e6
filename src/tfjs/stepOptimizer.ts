// TF.js optimizers on the step API: real tf.Optimizer subclasses, so that
//   model.compile({ optimizer: new O1Optimizer(), loss: 'meanSquaredError' }); await model.fit(…)
// works in tfjs-layers, and tf.Optimizer's minimize / computeGradients too.
//
// On the host path applyGradients reads each variable and its gradient (float32), takes one step
// of the flat vector of all of them in f64 (o1 on the WASM kernels when loaded, else the TS
// reference) and assigns the result rounded to float32 — exactly what the step API does with
// Float32Array tensors. O1Optimizer's device path (./deviceO1.ts) computes the step in TF.js ops
// instead, on the backend, and reads nothing back. The flat vector is the gradients in the order given (tfjs-layers: the model's
// trainable weights), so a checkpoint loads into another instance of the same architecture
// even though TF.js gives its variables new names.
import * as tf from '@tensorflow/tfjs-core';
import { createO1Optimizer, createOptimizer, type EngineChoice, type O1OptimizerOptions as StepApiO1Options, type TrainingOptimizer } from '../api/optimizer.js';
import { InputError } from '../errors.js';
import { isExperimentalFeatureSet } from '../o1/features.js';
import { modelToJson, parseModelJson } from '../model/json.js';
import type { O1Model } from '../o1/o1.js';
import { withKnobs } from '../o1/knobs.js';
import { shippedDefaultModel } from '../api/defaultModel.js';
import type { OptimizerCheckpoint } from '../api/state.js';
import { checkpointFromTensors, checkpointToTensors, type NamedTensor } from './checkpointTensors.js';
import { DeviceO1, deviceSupportsModel } from './deviceO1.js';

// tfjs-layers camel-cases every string and key of a saved optimizer config (weight_decay →
// weightDecay); the spec travels as base64 JSON, which that leaves alone.
function encodeSpec(spec: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(spec));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function decodeSpec(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') throw new InputError('O1 TF.js optimizer config: "spec" must be the text getConfig() wrote');
  const bin = atob(text);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** A step's inputs, checked: the variables and their gradients, in the order given. */
interface Checked {
  variables: tf.Variable[];
  grads: tf.Tensor[];
}

function shapeText(s: readonly number[]): string {
  return `[${s.join(',')}]`;
}

abstract class StepApiOptimizer extends tf.Optimizer {
  /** The step-API optimizer doing the work on the host path (its state(), lastLr(), engine). */
  readonly inner: TrainingOptimizer;
  /** Shapes of the variables, fixed by the first step. */
  private shapes: number[][] | undefined;

  protected constructor(inner: TrainingOptimizer) {
    super();
    this.inner = inner;
  }

  /** Sizes the optimizer's state is for (a loaded state fixes them before any step). */
  protected abstract stateSizes(): readonly number[] | undefined;

  /** Every check, before anything changes: a failed call leaves the variables and the state as
   *  they were. */
  private check(variableGradients: tf.NamedTensorMap | NamedTensor[]): Checked {
    const who = `${this.getClassName()}.applyGradients`;
    const entries: [string, tf.Tensor | null | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const registered = tf.engine().registeredVariables;
    const variables: tf.Variable[] = [];
    const grads: tf.Tensor[] = [];
    for (const [name, grad] of entries) {
      const v = registered[name];
      if (!v) throw new InputError(`${who}: no variable named '${name}' (was it disposed? tf.disposeVariables() disposes every variable)`);
      if (grad == null)
        throw new InputError(`${who}: the gradient of '${name}' is missing — o1 steps all parameters as one vector, so every one needs a gradient (pass zeros to freeze none)`);
      if (v.isDisposed) throw new InputError(`${who}: the variable '${name}' was disposed before the step — step only live variables`);
      if (grad.isDisposed) throw new InputError(`${who}: the gradient of '${name}' was disposed before the step (inside a tf.tidy that ended, or by tf.dispose) — keep it until applyGradients returns`);
      if (v.dtype !== 'float32' || grad.dtype !== 'float32')
        throw new InputError(`${who}: '${name}' is ${v.dtype} with a ${grad.dtype} gradient; only float32 is supported`);
      if (!tf.util.arraysEqual(v.shape, grad.shape))
        throw new InputError(`${who}: the gradient of '${name}' has shape ${shapeText(grad.shape)}, the variable ${shapeText(v.shape)}`);
      variables.push(v);
      grads.push(grad);
    }
    const shapes = variables.map((v) => [...v.shape]);
    const fixed = this.shapes;
    if (fixed && (fixed.length !== shapes.length || fixed.some((s, i) => !tf.util.arraysEqual(s, shapes[i]))))
      throw new InputError(
        `${who}: the variables' shapes ${shapes.map(shapeText).join(' ')} differ from the ones this optimizer holds state for (${fixed.map(shapeText).join(' ')}) — use one optimizer per set of parameters`,
      );
    const sizes = this.stateSizes();
    if (!fixed && sizes && (sizes.length !== shapes.length || sizes.some((n, i) => n !== tf.util.sizeFromShape(shapes[i]))))
      throw new InputError(
        `${who}: the variables have sizes [${shapes.map((s) => tf.util.sizeFromShape(s)).join(', ')}], the loaded state is for [${sizes.join(', ')}] — load it into the same architecture`,
      );
    return { variables, grads };
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const c = this.check(variableGradients);
    this.stepChecked(c);
    this.shapes ??= c.variables.map((v) => [...v.shape]);
    this.incrementIterations();
  }

  protected abstract stepChecked(c: Checked): void;

  /** The host path: read every variable and gradient, one f64 step of the flat vector on the
   *  step API, assign the results. A gradient with a NaN or ±Inf skips the step (nothing changes,
   *  as PyTorch's GradScaler skips one). */
  protected stepOnHost({ variables, grads }: Checked): void {
    const g = grads.map((x) => x.dataSync() as Float32Array);
    for (const a of g) for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return;
    const params = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)); // a copy: dataSync may be the backend's own array
    this.inner.step(params, g);
    tf.tidy(() => {
      variables.forEach((v, i) => v.assign(tf.tensor(params[i], v.shape, 'float32')));
    });
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...checkpointToTensors(await this.checkpoint(), `${this.getClassName()}/state`)];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    this.restore(await checkpointFromTensors(rest));
  }

  protected async checkpoint(): Promise<OptimizerCheckpoint> {
    return this.inner.state();
  }

  protected restore(c: OptimizerCheckpoint): void {
    this.inner.load(c);
  }

  override dispose(): void {
    // the host path keeps its state in typed arrays: no TF.js variables to free
  }
}

/** Where O1Optimizer computes its step. 'device': TF.js ops on the backend (f32, no read back);
 *  'host': the step API (f64, bit-identical to the reference, reads every value back); 'auto':
 *  'host' on the cpu and wasm backends, 'device' on the others (webgl, webgpu) when the model's
 *  rule runs there. */
export type O1Path = 'auto' | 'device' | 'host';
const PATHS: readonly O1Path[] = ['auto', 'device', 'host'];

/** Backends where 'auto' takes the host path: their values live in memory the CPU reads without a
 *  stall (JS arrays, the wasm backend's heap), the host path is exact, and it was measured faster
 *  there (docs/TFJS.md: with the step API's v3 kernels, 2.0× Adam's step on wasm against the
 *  device path's 2.6×). */
export const HOST_BACKENDS: readonly string[] = ['cpu', 'wasm'];

/** The step API's options (model, engine, precision, …: they shape the host path) and the path. */
export interface O1OptimizerOptions extends StepApiO1Options {
  /** Where the step runs (default 'auto'; docs/TFJS.md, "The device path"). */
  path?: O1Path;
}

/** o1 as a TF.js optimizer. */
export class O1Optimizer extends StepApiOptimizer {
  /** @nocollapse */
  static get className(): string {
    return 'O1Optimizer';
  }

  private readonly model: O1Model | undefined;
  /** The model that steps (the given one, or the shipped default). */
  private readonly running: O1Model;
  private readonly requested: O1Path;
  private readonly precision: StepApiO1Options['precision'];
  /** The knobs given (lr, max_growth), mapped onto `running` and kept for getConfig. */
  private readonly knobs: { lr?: number; max_growth?: number };
  private chosen: 'device' | 'host' | undefined;
  private device: DeviceO1 | undefined;

  constructor(options: O1OptimizerOptions = {}) {
    const requested = options.path ?? 'auto';
    if (!PATHS.includes(requested)) throw new InputError(`O1Optimizer: path must be 'auto', 'device' or 'host', got ${JSON.stringify(requested)}`);
    // The knobs map onto the model once, here: the host path (createO1Optimizer) and the device
    // path (DeviceO1) both step `running`.
    const knobs = { lr: options.lr, max_growth: options.max_growth };
    const features = options.model?.config?.features;
    if (isExperimentalFeatureSet(features))
      throw new InputError(`O1Optimizer: the model has features ${features}, an experimental feature set that TF.js does not run (o1 train, o1 bench and o1 run do); TF.js takes features v1, v2 or v3`);
    const running = withKnobs(options.model ?? shippedDefaultModel(), knobs, 'O1Optimizer');
    super(createO1Optimizer({ ...options, lr: undefined, max_growth: undefined, model: running }));
    this.model = options.model;
    this.running = running;
    this.knobs = Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined));
    this.requested = requested;
    this.precision = options.precision;
    if (requested === 'device' && !deviceSupportsModel(running))
      throw new InputError(`O1Optimizer: { path: 'device' } runs the 'normalized' rule with v3 features; this model's rule is '${running.config.lrMode}' with ${running.config.features} features — use path 'host' or 'auto'`);
  }

  /** The path the steps take: fixed at the first step (or setWeights) from the option and the
   *  backend then; undefined before. */
  get path(): 'device' | 'host' | undefined {
    return this.chosen;
  }

  private choose(): 'device' | 'host' {
    if (!this.chosen) {
      const model = this.running;
      const device = this.requested === 'device' || (this.requested === 'auto' && !HOST_BACKENDS.includes(tf.getBackend()) && deviceSupportsModel(model));
      this.chosen = device ? 'device' : 'host';
      if (device) this.device = new DeviceO1(model);
    }
    return this.chosen;
  }

  protected stateSizes(): readonly number[] | undefined {
    return this.chosen === 'device' ? this.device!.sizes : this.inner.sizes;
  }

  protected stepChecked(c: Checked): void {
    if (this.choose() === 'host') return this.stepOnHost(c);
    const d = this.device!;
    d.checkAlive(`${this.getClassName()}.applyGradients`);
    d.ensureState(c.variables.map((v) => v.size));
    d.step(c.variables, c.grads);
  }

  protected override async checkpoint(): Promise<OptimizerCheckpoint> {
    if (this.choose() === 'host') return this.inner.state();
    this.device!.checkAlive(`${this.getClassName()}.getWeights`);
    return this.device!.exportCheckpoint();
  }

  protected override restore(c: OptimizerCheckpoint): void {
    if (this.choose() === 'host') return this.inner.load(c);
    this.device!.checkAlive(`${this.getClassName()}.setWeights`);
    this.device!.importCheckpoint(c, `${this.getClassName()}.setWeights`);
  }

  override dispose(): void {
    this.device?.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { spec: encodeSpec({ model: this.model ? modelToJson(this.model) : null, path: this.requested, precision: this.precision ?? null, ...this.knobs }) };
  }

  /** @nocollapse */
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const spec = decodeSpec(config.spec);
    const model = typeof spec.model === 'string' ? parseModelJson(spec.model, 'O1Optimizer config') : undefined;
    const path = spec.path === undefined ? undefined : (spec.path as O1Path);
    const precision = typeof spec.precision === 'string' ? (spec.precision as StepApiO1Options['precision']) : undefined;
    const knob = (k: string) => (typeof spec[k] === 'number' ? (spec[k] as number) : undefined);
    return new (cls as unknown as new (o: O1OptimizerOptions) => T)({ model, path, precision, lr: knob('lr'), max_growth: knob('max_growth') });
  }
}

/** Any rule of the step API as a TF.js optimizer: new StepOptimizer('adam', { lr: 1e-3 }).
 *  (TF.js has its own Adam; this one is PyTorch's, the one `o1 bench` compares with.) */
export class StepOptimizer extends StepApiOptimizer {
  /** @nocollapse */
  static get className(): string {
    return 'O1StepOptimizer';
  }

  constructor(
    readonly rule: string,
    readonly hyper: Record<string, number> = {},
    options: EngineChoice = {},
  ) {
    super(createOptimizer(rule, hyper, options));
  }

  protected stateSizes(): readonly number[] | undefined {
    return this.inner.sizes;
  }

  protected stepChecked(c: Checked): void {
    this.stepOnHost(c);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { spec: encodeSpec({ rule: this.rule, hyper: this.hyper }) };
  }

  /** @nocollapse */
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const spec = decodeSpec(config.spec);
    return new (cls as unknown as new (r: string, h: Record<string, number>) => T)(spec.rule as string, spec.hyper as Record<string, number>);
  }
}

tf.serialization.registerClass(O1Optimizer);
tf.serialization.registerClass(StepOptimizer);
