import { test } from 'vitest';
import { FUNCTIONS } from '../src/functions/index.js';
import { CLASSIC_OPTIMIZERS } from '../src/optimizers/index.js';
import { randomO1Model } from '../src/o1/o1.js';
import { Rng } from '../src/rng.js';
import { tsEngine, loadWasmEngine } from '../src/engine/index.js';

test('smoke', async () => {
  const wasm = await loadWasmEngine();
  const scal = await loadWasmEngine({ simd: false });
  const rng = new Rng(1);
  const model = randomO1Model(rng);
  for (const fn of FUNCTIONS) {
    const n = 2; const N = 7;
    const box = fn.domain(n);
    const starts = new Float64Array(N * n);
    for (let r = 0; r < N; r++) for (let i = 0; i < n; i++) starts[r * n + i] = rng.range(box.lo[i], box.hi[i]);
    const opts = [{ kind: 'o1' as const, model }, ...CLASSIC_OPTIMIZERS.map((spec) => ({ kind: 'baseline' as const, spec, hyper: {} }))];
    for (const optimizer of opts) {
      const spec = { fn, n, optimizer, starts, steps: 200, recordLoss: true };
      const a = tsEngine.runBatch(spec);
      for (const e of [wasm, scal]) {
        const b = e.runBatch(spec);
        let maxd = 0;
        for (let k = 0; k < a.finalX.length; k++) { const d = Math.abs(a.finalX[k] - b.finalX[k]) / Math.max(1, Math.abs(a.finalX[k])); if (d > maxd || (Number.isNaN(d) && !(Number.isNaN(a.finalX[k]) && Number.isNaN(b.finalX[k])))) maxd = Number.isNaN(d) ? Infinity : d; }
        let lossd = 0; for (let k = 0; k < a.loss!.length; k++) if (!Object.is(a.loss![k], b.loss![k])) lossd++;
        const div = Array.from(a.divergedAt).join(',') === Array.from(b.divergedAt).join(',');
        if (maxd !== 0 || lossd || !div) console.log(fn.name, optimizer.kind === 'o1' ? 'o1' : optimizer.spec.name, e.simd ? 'simd' : 'scalar', 'maxd', maxd, 'lossdiff', lossd, 'div', div, Array.from(a.divergedAt).join(','), Array.from(b.divergedAt).join(','));
      }
    }
  }
});
