// The Python package's fixtures (python/tests/fixtures, written by scripts/make-o1-fixtures.mjs)
// are the TS reference's current numbers: one trajectory per model and one step-API run per
// model are recomputed here and must match the committed files exactly. If the reference's
// behaviour or a shipped model changes, this fails until the fixtures are regenerated:
//   npm run build && node scripts/make-o1-fixtures.mjs   (and cp models/*.json python/src/o1/models/)
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../src/paths.js';
import { getFunction } from '../src/functions/index.js';
import { objectiveFromFunction } from '../src/run/objective.js';
import { minimize } from '../src/run/minimize.js';
import { createO1Stepper } from '../src/o1/o1.js';
import { parseModelJson } from '../src/model/json.js';
import { createO1Optimizer } from '../src/api/index.js';

const dir = join(PACKAGE_ROOT, 'python', 'tests', 'fixtures');
const load = (name: string) => JSON.parse(gunzipSync(readFileSync(join(dir, name))).toString('utf8'));
const traj = load('trajectories.json.gz');
const steps = load('steps.json.gz');
const model = (id: string) => parseModelJson(JSON.stringify(traj.models[id].model), id);
// JSON has no NaN/Infinity: the fixtures hold null there, as JSON.stringify writes them.
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('python/tests/fixtures are the TS reference', () => {
  const regenerate = 'stale: npm run build && node scripts/make-o1-fixtures.mjs (and cp models/*.json python/src/o1/models/)';
  it('covers every shipped model, as shipped now', () => {
    const shipped = Object.keys(traj.models).filter((k) => traj.models[k].shipped).sort();
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    const listed = (pkg.files as string[]).filter((f) => /^models\/[^/]+\.json$/.test(f)).map((f) => f.slice(7, -5)).sort();
    expect(shipped, regenerate).toEqual(listed);
    for (const id of shipped)
      expect(traj.models[id].model, `${id}: ${regenerate}`).toEqual(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'models', `${id}.json`), 'utf8')));
  });

  const firstRuns = Object.keys(traj.models).map((id) => traj.runs.find((r: { model: string }) => r.model === id));
  it.each(firstRuns.map((r) => [`${r.model} on ${r.fn} ${r.dims}-D`, r]))('o1 run: %s', (_name, run) => {
    const objective = objectiveFromFunction(getFunction(run.fn)!, run.dims);
    const t = minimize(objective, createO1Stepper(model(run.model)), run.start, traj.steps);
    expect(asJson(t.x), regenerate).toEqual(run.x);
    expect(asJson(t.grad)).toEqual(run.grad);
  });

  const stepRuns = Object.keys(traj.models).map((id) => steps.runs.find((r: { model: string }) => r.model === id));
  it.each(stepRuns.map((r) => [`${r.model}, sizes ${r.sizes.join(' ')}`, r]))('step API: %s', (_name, run) => {
    const f32 = run.dtype === 'float32';
    const make = (a: number[]) => (f32 ? Float32Array.from(a) : Float64Array.from(a));
    const params = run.start.map(make);
    const opt = createO1Optimizer({ model: model(run.model), engine: 'ts' });
    for (let t = 0; t < run.steps; t++) {
      let i = 0;
      const g = params.map((p: Float64Array | Float32Array) => {
        const out = f32 ? new Float32Array(p.length) : new Float64Array(p.length);
        for (let j = 0; j < p.length; j++, i++) out[j] = run.scale[i] * (p[j] - run.target[i]) + (((7 * i + 13 * t) % 17) - 8) / 80;
        return out;
      });
      opt.step(params, g);
    }
    expect(asJson(params.map((p: Float64Array | Float32Array) => Array.from(p))), regenerate).toEqual(run.x[String(run.steps)]);
  });
});
