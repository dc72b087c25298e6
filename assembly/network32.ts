// The o1 network in f32x4 (optional fast path): the same multilayer perceptron and summation
// order as network.ts, over f32 weights (the host rounds the model's weights with Math.fround),
// four items per instruction. Used by o1.ts when the host asks for it; see math32.ts for the
// accuracy of its tanh.
import { tanh32 } from './math32';
import { ACT_TANH, ACT_RELU } from './memory';

/**
 * Forward pass on input[0 .. layers[0]) (f32x4 values). `scratch` holds two buffers of `widest`
 * f32x4 values. Returns output neuron 0 of the four items.
 */
export function forward32(
  params: usize, layers: usize, acts: usize, depth: i32, input: usize, scratch: usize, widest: i32,
): v128 {
  let src = input;
  let dst = scratch;
  let p = params;
  for (let l = 0; l + 1 < depth; l++) {
    const nIn = load<i32>(layers + (<usize>l << 2));
    const nOut = load<i32>(layers + (<usize>(l + 1) << 2));
    const act = load<i32>(acts + (<usize>l << 2));
    const biases = p + ((<usize>(nIn * nOut)) << 2);
    for (let r = 0; r < nOut; r++) {
      const row = p + ((<usize>(r * nIn)) << 2);
      let acc = f32x4.splat(0);
      for (let c = 0; c < nIn; c++) {
        acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(row + (<usize>c << 2)), v128.load(src + (<usize>c << 4))));
      }
      acc = f32x4.add(acc, v128.load32_splat(biases + (<usize>r << 2)));
      if (act == ACT_TANH) acc = tanh32(acc);
      else if (act == ACT_RELU) acc = v128.and(acc, f32x4.gt(acc, f32x4.splat(0)));
      v128.store(dst + (<usize>r << 4), acc);
    }
    p = biases + (<usize>nOut << 2);
    src = dst;
    dst = dst == scratch ? scratch + (<usize>widest << 4) : scratch;
  }
  return v128.load(src);
}
