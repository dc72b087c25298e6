// A network widened to more inputs: the first layer's weight matrix (out × in, row-major, docs/O1.md)
// gets zero columns for the new inputs, everything else is copied. Each hidden sum then adds
// 0·f for every new input f after the old ones (the forward sums inputs in order), so for finite
// features the widened network's output equals the original's bit for bit. This is how a
// fine-tuning run of a feature set that extends another (v3 → v3-progress) starts exactly at the
// old model's behaviour (`o1 train --init-model`).
import { paramCount } from './network.js';

/** `weights` of a network with layers `layers`, widened to `inputs` ≥ layers[0] inputs. */
export function widenInputs(weights: ArrayLike<number>, layers: readonly number[], inputs: number): Float64Array {
  const from = layers[0];
  if (!Number.isInteger(inputs) || inputs < from) throw new RangeError(`widenInputs: cannot widen a network of ${from} inputs to ${inputs}`);
  if (weights.length !== paramCount({ layers: [...layers] })) throw new RangeError(`widenInputs: ${weights.length} weights for layers [${layers.join(', ')}]`);
  const out = new Float64Array(paramCount({ layers: [inputs, ...layers.slice(1)] }));
  const rows = layers[1];
  for (let r = 0; r < rows; r++) for (let c = 0; c < from; c++) out[r * inputs + c] = weights[r * from + c];
  // the rest (first layer's biases, later layers) keeps its order after the first matrix
  const rest = rows * from;
  for (let k = rest; k < weights.length; k++) out[rows * inputs + (k - rest)] = weights[k];
  return out;
}
