// The MLP kernel's hidden-layer tanh (assembly/ml/tanh4.ts: four vectors at a time, the rest
// through math.ts's tanhV) against Math.tanh, bit for bit. The kernel is run on a [1, H, 1]
// network with one input point equal to 1 and zero biases, so hidden unit j's pre-activation is
// exactly 0 + W_j·1; its activation is read back from the kernel's scratch (layer 1's
// activations come first there).
import { beforeAll, describe, expect, test } from 'vitest';
import { loadWasmEngine, type WasmEngine } from '../src/engine/index.js';
import { reserveCall, writeDescriptor } from '../src/engine/kernelCall.js';
import { DESCRIPTOR_BYTES } from '../src/engine/wasmAbi.js';
import { MlBlock, mlDescriptorSlots, takeMlData, writeMlData } from '../src/engine/mlKernel.js';
import type { MlProblem } from '../src/ml/problem.js';
import { Rng } from '../src/rng.js';

let simd: WasmEngine;
let scalar: WasmEngine;
beforeAll(async () => {
  simd = await loadWasmEngine();
  scalar = await loadWasmEngine({ simd: false });
});

/** tanh of every value through the kernel's first hidden layer, one lane group (the values
 *  split evenly over its lanes: the scratch holds the last lane group's activations only). */
function kernelTanh(engine: WasmEngine, values: Float64Array): Float64Array {
  const lanes = engine.kernels.lanes();
  const runs = lanes;
  const H = values.length / runs;
  const problem: MlProblem = {
    sizes: [1, H, 1], activations: ['tanh'], loss: 'mse', l2: 0,
    batch: { count: 1, inputs: Float64Array.of(1), targets: Float64Array.of(0) },
  };
  const n = 3 * H + 1;
  const arena = engine.arena;
  const { desc, block, data, xAt, gAt, fAt } = reserveCall(arena, (layout) => ({
    desc: layout.take(DESCRIPTOR_BYTES),
    block: new MlBlock(layout, problem, 1),
    data: takeMlData(layout, problem, 1, lanes),
    xAt: layout.take(8 * n * runs),
    gAt: layout.take(8 * n * runs),
    fAt: layout.take(8 * runs),
  }));
  const i32 = arena.i32;
  const f64 = arena.f64;
  block.write(i32, f64);
  writeMlData(f64, problem, data, problem.batch, lanes);
  block.setData(i32, data);
  block.setGradient(i32, false);
  f64.fill(0, xAt >> 3, (xAt >> 3) + n * runs);
  for (let r = 0; r < runs; r++) for (let j = 0; j < H; j++) f64[(xAt >> 3) + j * runs + r] = values[r * H + j];
  writeDescriptor(i32, desc, mlDescriptorSlots(block, n, runs, xAt, gAt, fAt));
  engine.kernels.mlGradBatch(desc);
  const scratch = block.scratch >> 3;
  const out = new Float64Array(values.length);
  // scratch (count = 1): unit j's lanes at j·lanes
  for (let r = 0; r < runs; r++) for (let j = 0; j < H; j++) out[r * H + j] = arena.f64[scratch + j * lanes + r];
  return out;
}

function values(): Float64Array {
  const rng = new Rng(11);
  const edge = [0, -0, 1e-300, -1e-300, 5e-324, 2 ** -28, -(2 ** -28), 2 ** -29, 0.5, 1, -1, 1 - 2 ** -53, 0.3465735902799726, 22, -22, 21.999999999999996, 44, 1e300, -1e300, Infinity, -Infinity, NaN];
  const v: number[] = [...edge];
  for (const [lo, hi, k] of [[-25, 25, 6000], [-1, 1, 3000], [-1e-3, 1e-3, 1000], [-3, 3, 3000]] as const) {
    for (let i = 0; i < k; i++) v.push(lo + (hi - lo) * rng.uniform());
  }
  // an odd count per run, so both the four-vector path and the one-vector tail run
  if ((v.length / 2) % 4 === 0 || v.length % 2 === 1) v.push(0.75);
  if ((v.length / 2) % 4 === 0) v.push(-0.75, 0.25);
  return Float64Array.from(v);
}

describe('MLP kernel tanh ≡ Math.tanh', () => {
  for (const build of ['SIMD', 'scalar'] as const) {
    test(`${build} build: bit-identical on ${values().length} values (edges, ±Inf, NaN, ranges to ±25)`, () => {
      const v = values();
      expect((v.length / 2) % 4).not.toBe(0);
      const engine = build === 'SIMD' ? simd : scalar;
      const half = v.length / 2;
      const got = engine.kernels.lanes() === 2
        ? kernelTanh(engine, v)
        : Float64Array.from([...kernelTanh(engine, v.subarray(0, half)), ...kernelTanh(engine, v.subarray(half))]);
      let bad = 0;
      v.forEach((x, i) => {
        const want = Math.tanh(0 + x * 1);
        if (!(Object.is(got[i], want) || (Number.isNaN(want) && Number.isNaN(got[i])))) bad++;
      });
      expect(bad).toBe(0);
    });
  }
});
