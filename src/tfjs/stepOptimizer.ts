// TF.js optimizers on the step API: real tf.Optimizer subclasses, so that
//   model.compile({ optimizer: new O1Optimizer(), loss: 'meanSquaredError' }); await model.fit(…)
// works in tfjs-layers, and tf.Optimizer's minimize / computeGradients too.
//
// applyGradients reads each variable and its gradient (float32), takes one step of the flat
// vector of all of them in f64 (o1 on the WASM kernels when loaded, else the TS reference) and
// assigns the result rounded to float32 — exactly what the step API does with Float32Array
// tensors. The flat vector is the gradients in the order given (tfjs-layers: the model's
// trainable weights), so a checkpoint loads into another instance of the same architecture
// even though TF.js gives its variables new names.
import * as tf from '@tensorflow/tfjs-core';
import { createO1Optimizer, createOptimizer, type EngineChoice, type TrainingOptimizer } from '../api/optimizer.js';
import { InputError } from '../errors.js';
import { modelToJson, parseModelJson } from '../model/json.js';
import type { O1Model } from '../o1/o1.js';
import { checkpointFromTensors, checkpointToTensors, type NamedTensor } from './checkpointTensors.js';

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

abstract class StepApiOptimizer extends tf.Optimizer {
  /** The step-API optimizer doing the work (its state(), lastLr(), engine). */
  readonly inner: TrainingOptimizer;

  protected constructor(inner: TrainingOptimizer) {
    super();
    this.inner = inner;
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor | null | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    const registered = tf.engine().registeredVariables;
    const variables: tf.Variable[] = [];
    const params: Float32Array[] = [];
    const grads: Float32Array[] = [];
    for (const [name, grad] of entries) {
      const v = registered[name];
      if (!v) throw new InputError(`${this.getClassName()}.applyGradients: no variable named '${name}'`);
      if (grad == null)
        throw new InputError(`${this.getClassName()}.applyGradients: the gradient of '${name}' is missing — o1 steps all parameters as one vector, so every one needs a gradient (pass zeros to freeze none)`);
      if (v.dtype !== 'float32' || grad.dtype !== 'float32')
        throw new InputError(`${this.getClassName()}.applyGradients: '${name}' is ${v.dtype} with a ${grad.dtype} gradient; only float32 is supported`);
      variables.push(v);
      params.push(Float32Array.from(v.dataSync() as Float32Array)); // a copy: dataSync may be the backend's own array
      grads.push(grad.dataSync() as Float32Array);
    }
    this.inner.step(params, grads);
    tf.tidy(() => {
      variables.forEach((v, i) => v.assign(tf.tensor(params[i], v.shape, 'float32')));
    });
    this.incrementIterations();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...checkpointToTensors(this.inner.state(), `${this.getClassName()}/state`)];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    this.inner.load(await checkpointFromTensors(rest));
  }

  override dispose(): void {
    // no TF.js variables of its own: the state is in typed arrays
  }
}

export interface O1OptimizerOptions extends EngineChoice {
  /** The o1 model (default: the package's models/default.json, in Node). */
  model?: O1Model;
}

/** o1 as a TF.js optimizer. */
export class O1Optimizer extends StepApiOptimizer {
  /** @nocollapse */
  static get className(): string {
    return 'O1Optimizer';
  }

  private readonly model: O1Model | undefined;

  constructor(options: O1OptimizerOptions = {}) {
    super(createO1Optimizer(options));
    this.model = options.model;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { spec: encodeSpec({ model: this.model ? modelToJson(this.model) : null }) };
  }

  /** @nocollapse */
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const spec = decodeSpec(config.spec);
    const model = typeof spec.model === 'string' ? parseModelJson(spec.model, 'O1Optimizer config') : undefined;
    return new (cls as unknown as new (o: O1OptimizerOptions) => T)({ model });
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
    options: O1OptimizerOptions = {},
  ) {
    super(createOptimizer(rule, hyper, options));
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
