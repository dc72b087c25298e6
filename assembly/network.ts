// The o1 network: a multilayer perceptron over a flat parameter vector (docs/O1.md layout: per
// layer its out × in weights row-major, then its out biases). Mirrors src/o1/network.ts's
// forwardAt: per neuron acc = Σ_c w[r][c]·x[c] in increasing c, then acc + bias, then the
// activation. Each lane is one coordinate of one run; the weights are shared, so each weight is
// loaded once and repeated across the lanes.
import { vadd, vmul, vsplat, vload, vstore, vloadSplat, vgt, vsel } from './lanes';
import { vo1Tanh } from './tanh';
import { ACT_TANH, ACT_RELU } from './memory';

/**
 * Forward pass on input[0 .. layers[0]) (lane values). `scratch` holds two buffers of `widest`
 * lane values each. Returns output neuron 0.
 */
export function forward<T>(
  params: usize, layers: usize, acts: usize, depth: i32, input: usize, scratch: usize, widest: i32,
): T {
  const size = <usize>sizeof<T>();
  let src = input;
  let dst = scratch;
  let p = params;
  for (let l = 0; l + 1 < depth; l++) {
    const nIn = load<i32>(layers + (<usize>l << 2));
    const nOut = load<i32>(layers + (<usize>(l + 1) << 2));
    const act = load<i32>(acts + (<usize>l << 2));
    const biases = p + ((<usize>(nIn * nOut)) << 3);
    for (let r = 0; r < nOut; r++) {
      const row = p + ((<usize>(r * nIn)) << 3);
      let acc = vsplat<T>(0);
      for (let c = 0; c < nIn; c++) {
        acc = vadd<T>(acc, vmul<T>(vloadSplat<T>(row + (<usize>c << 3)), vload<T>(src + <usize>c * size)));
      }
      acc = vadd<T>(acc, vloadSplat<T>(biases + (<usize>r << 3)));
      if (act == ACT_TANH) acc = vo1Tanh<T>(acc); // o1's tanh (tanh.ts), as the reference's
      else if (act == ACT_RELU) acc = vsel<T>(vgt<T>(acc, vsplat<T>(0)), acc, vsplat<T>(0));
      vstore<T>(dst + <usize>r * size, acc);
    }
    p = biases + (<usize>nOut << 3);
    src = dst;
    dst = dst == scratch ? scratch + <usize>widest * size : scratch;
  }
  return vload<T>(src);
}
