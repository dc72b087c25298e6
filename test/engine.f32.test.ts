// The optional f32 network path of the WASM engine (features after y = g/M and the network in
// f32x4, state in f64) against the TS reference. Stated tolerances:
//   • the per-coordinate lr of step 0 (same gradients in both engines, so this isolates the f32
//     features + network) is within 1e-6 relative of the reference: lr = exp(o), so the network
//     output is off by at most 1e-6 (measured 2.9e-7). Later steps see slightly different x and
//     so different gradients; on functions with a huge dynamic range (Goldstein–Price) the lr then
//     drifts by up to ~6e-3 within 5 steps, which is why trajectories are checked on smooth
//     functions only:
//   • on smooth, non-chaotic functions (sphere, booth, matyas, quadratic) the final x after
//     T = 200 steps is within 1e-5·max(1, |x|) of the reference.
// (Multimodal functions are left out of the trajectory check on purpose: there an lr error of
// 1e-7 can pick another basin, which is a legitimate outcome of a different network precision.)
import { describe, expect, test } from 'vitest';
import { getFunction } from '../src/functions/index.js';
import { randomO1Model, type O1Model } from '../src/o1/o1.js';
import { defaultO1Config } from '../src/o1/config.js';
import { Rng } from '../src/rng.js';
import { tsEngine, loadWasmEngine, type BatchSpec } from '../src/engine/index.js';
import { loadModel } from '../src/model/io.js';
import { join } from 'node:path';

function models(rng: Rng): O1Model[] {
  const out: O1Model[] = [];
  for (const features of ['v2', 'v1'] as const) {
    out.push(randomO1Model(rng, { ...defaultO1Config(), features }));
    out.push(randomO1Model(rng, { ...defaultO1Config(), features, layers: [6, 16, 8, 1], activations: ['tanh', 'relu', 'identity'] }, Math.log(1e-2)));
  }
  return out;
}

function starts(name: string, n: number, N: number, rng: Rng): Float64Array {
  const box = getFunction(name)!.domain(n);
  return Float64Array.from({ length: N * n }, (_, k) => rng.range(box.lo[k % n], box.hi[k % n]));
}

describe('WASM f32 network path', () => {
  test('the scalar build has no f32 path and runs f64', async () => {
    expect((await loadWasmEngine({ simd: false, network: 'f32' })).network).toBe('f64');
    expect((await loadWasmEngine({ simd: true, network: 'f32' })).network).toBe('f32');
  });

  test('lr of step 0 within 1e-6 relative of the TS reference', async () => {
    const f32 = await loadWasmEngine({ network: 'f32' });
    const rng = new Rng(31);
    let worst = 0;
    for (const model of models(rng)) {
      for (const name of ['rosenbrock', 'rastrigin', 'ackley', 'beale', 'goldstein']) {
        for (const n of getFunction(name)!.nd ? [2, 3] : [2]) {
          const spec: BatchSpec = { fn: getFunction(name)!, n, optimizer: { kind: 'o1', model }, starts: starts(name, n, 16, rng), steps: 1, recordTrace: true };
          const ref = tsEngine.runBatch(spec).trace!.lr!;
          const got = f32.runBatch(spec).trace!.lr!;
          for (let k = 0; k < ref[0].length; k++) {
            if (Number.isNaN(ref[0][k])) continue; // a start where the gradient is not finite
            worst = Math.max(worst, Math.abs(got[0][k] - ref[0][k]) / ref[0][k]);
          }
        }
      }
    }
    console.log(`f32 network: largest relative lr difference at step 0 = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  test('final x on smooth functions within 1e-5 after 200 steps', async () => {
    const f32 = await loadWasmEngine({ network: 'f32' });
    const rng = new Rng(32);
    let worst = 0;
    for (const model of models(rng)) {
      for (const name of ['sphere', 'booth', 'matyas', 'quadratic']) {
        const spec: BatchSpec = { fn: getFunction(name)!, n: 2, optimizer: { kind: 'o1', model }, starts: starts(name, 2, 16, rng), steps: 200 };
        const ref = tsEngine.runBatch(spec);
        const got = f32.runBatch(spec);
        expect(Array.from(got.divergedAt)).toEqual(Array.from(ref.divergedAt));
        for (let k = 0; k < ref.finalX.length; k++) {
          if (Number.isNaN(ref.finalX[k])) continue;
          worst = Math.max(worst, Math.abs(got.finalX[k] - ref.finalX[k]) / Math.max(1, Math.abs(ref.finalX[k])));
        }
      }
    }
    console.log(`f32 network: largest relative final-x difference (T = 200, smooth functions) = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});

// The normalized rule (v3, the shipped default model) on the f32 path (assembly/normalized.ts
// stepPairsF32): features in f64 rounded to f32 for the network, state in f64. Stated tolerances:
//   • the lr of each of the first 4 steps within 1e-6 relative of the reference (measured ≤ 3.4e-7
//     with the shipped model and two random v3 networks): the network output's f32 error;
//   • with the shipped model, on the smooth functions the final x after T = 200 steps within
//     2e-4·max(1, |x|) (measured ≤ 7.1e-5, on the quadratic): ln s sums the network's output over
//     every step, so the output's ~1e-7 error accumulates, which is why the bound is wider than
//     the window rules' 1e-5. Random (untrained) v3 networks get the lr check only: their slow,
//     oscillating runs can amplify the error (measured 2.3e-2 on booth for one of them), a
//     legitimate outcome of another precision, as the multimodal functions above.
describe('WASM f32 network path, o1 v3 (normalized)', () => {
  const v3 = (over: Partial<O1Model['config']>, bias: number, seed: number): O1Model =>
    randomO1Model(new Rng(seed), { ...defaultO1Config(), features: 'v3', lrMode: 'normalized', layers: [8, 8, 1], logLrMin: -1, logLrMax: 0.5, initStep: 0.5, ...over }, bias);
  const v3Models = (): O1Model[] => [
    loadModel(join(import.meta.dirname, '..', 'models', 'default.json')),
    v3({}, 0, 1),
    v3({ layers: [8, 16, 8, 1], activations: ['tanh', 'relu', 'identity'] }, -0.2, 2),
  ];

  test('the kernels run it in f32 (not the f64 bits), lr of steps 0–3 within 1e-6 relative, the shipped model\'s final x on smooth functions within 3e-3 after 200 steps', async () => {
    const f32 = await loadWasmEngine({ simd: true, network: 'f32' });
    const rng = new Rng(31);
    let anyDifferent = false;
    for (const [index, model] of v3Models().entries()) {
      for (const name of ['sphere', 'booth', 'matyas', 'quadratic']) {
        const spec: BatchSpec = { fn: getFunction(name)!, n: 2, optimizer: { kind: 'o1', model }, starts: starts(name, 2, 9, rng), steps: 200, recordTrace: true };
        expect(f32.supports(spec)).toBe(true);
        const ref = tsEngine.runBatch(spec);
        const got = f32.runBatch(spec);
        expect(Array.from(got.divergedAt)).toEqual(Array.from(ref.divergedAt));
        for (let t = 0; t < 4; t++) {
          const a = ref.trace!.lr![t];
          const b = got.trace!.lr![t];
          for (let k = 0; k < a.length; k++) expect(Math.abs(b[k] - a[k])).toBeLessThanOrEqual(1e-6 * Math.abs(a[k]));
        }
        for (let k = 0; k < ref.finalX.length; k++) {
          const a = ref.finalX[k];
          const b = got.finalX[k];
          if (!Object.is(a, b)) anyDifferent = true;
          // 3e-3: the f32 network's rounding grows along a 200-step run by an amount that depends on the
          // model. 2e-4 held for o1 v3 at this seed only; measured over seeds 1–5 and 31 on these four
          // functions (each model its own starts) the worst is 6.6e-4 for v3 (generalist-v3), 7.7e-4 for
          // v4 (generalist-v4) and 2.0e-3 for v5 (the default since 2026-12-07 evening, seed 31,
          // quadratic); not the distance unit as such: v4's network under it 3.5e-4, the v5 seed-1
          // candidate 1.7e-4. So the bound is set above all with room, not at one seed's luck.
          if (index === 0) expect(Math.abs(b - a), `${name} x[${k}]`).toBeLessThanOrEqual(3e-3 * Math.max(1, Math.abs(a)));
        }
      }
    }
    expect(anyDifferent).toBe(true);
  });
});
