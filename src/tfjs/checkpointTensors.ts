// The step API's checkpoint as TF.js named tensors, for tf.Optimizer.getWeights/setWeights
// (and so model.save({ includeOptimizer: true })). TF.js has no float64 tensors, and float32
// would round o1's state; each f64 buffer travels instead as an int32 tensor holding its
// bytes (two int32 per double), which round-trips exactly. The rest of the checkpoint (rule,
// sizes, t, scalars) is one string tensor of its JSON.
import * as tf from '@tensorflow/tfjs-core';

/** tfjs-core's NamedTensor (not exported from its root). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}
import { checkpointFromJson, checkpointToJson, type OptimizerCheckpoint } from '../api/state.js';
import { InputError } from '../errors.js';

const HEADER = 'header';
const BUFFER = 'buffer/';

/** Named tensors (owned by the caller, who disposes them) under `prefix`/…. */
export function checkpointToTensors(c: OptimizerCheckpoint, prefix: string): NamedTensor[] {
  const json = checkpointToJson({ ...c, buffers: {} });
  const out: NamedTensor[] = [{ name: `${prefix}/${HEADER}`, tensor: tf.tensor([JSON.stringify({ ...json, bufferNames: Object.keys(c.buffers) })], [1], 'string') }];
  for (const [k, v] of Object.entries(c.buffers)) {
    const words = new Int32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    out.push({ name: `${prefix}/${BUFFER}${k}`, tensor: tf.tensor1d(words, 'int32') });
  }
  return out;
}

/** Reads back what checkpointToTensors made (names matched by their suffix, so a prefix that
 *  TF.js renamed still works). */
export async function checkpointFromTensors(weights: readonly NamedTensor[]): Promise<OptimizerCheckpoint> {
  const header = weights.find((w) => w.name.endsWith(`/${HEADER}`));
  if (!header || header.tensor.dtype !== 'string')
    throw new InputError('O1Optimizer.setWeights: no o1 optimizer state among the weights (were they saved by another optimizer?)');
  const values = (await header.tensor.data()) as unknown as (string | Uint8Array)[];
  const first = values[0];
  const text = typeof first === 'string' ? first : new TextDecoder().decode(first);
  const parsed = JSON.parse(text) as Record<string, unknown> & { bufferNames?: string[] };
  const c = checkpointFromJson(parsed);
  for (const k of parsed.bufferNames ?? []) {
    const w = weights.find((x) => x.name.endsWith(`/${BUFFER}${k}`));
    if (!w || w.tensor.dtype !== 'int32') throw new InputError(`O1Optimizer.setWeights: the state buffer "${k}" is missing`);
    const words = Int32Array.from((await w.tensor.data()) as Int32Array);
    c.buffers[k] = new Float64Array(words.buffer);
  }
  return c;
}
