// `o1 viz` and the plot modules: the SVG's structure (contours, paths, minima, axes), not pixels;
// PNG through resvg; the race matching `o1 run`'s reference path.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vizCommand } from '../src/cli/commands/viz.js';
import { bufferIO } from '../src/cli/io.js';
import { InputError } from '../src/errors.js';
import { getFunction } from '../src/functions/index.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { minimize } from '../src/run/minimize.js';
import { objectiveFromFunction } from '../src/run/objective.js';
import { randomO1Model } from '../src/o1/o1.js';
import { modelToJson } from '../src/model/json.js';
import { Rng } from '../src/rng.js';
import { runRace, describeEntry } from '../src/viz/race.js';
import { logLevels, plotBox, sampleGrid } from '../src/viz/grid.js';
import { contourPlot, frameScales } from '../src/viz/contour.js';
import { figure } from '../src/viz/figure.js';
import { getEngine } from '../src/engine/index.js';

const dir = mkdtempSync(join(tmpdir(), 'o1-viz-'));
const modelFile = join(dir, 'model.json');
writeFileSync(modelFile, modelToJson(randomO1Model(new Rng(7), undefined, undefined, 'test-model')));

/** Runs `o1 viz …` in-process; usage errors come back as { code: 2, err }. */
async function viz(...argv: string[]) {
  const io = bufferIO();
  try {
    await vizCommand(io).exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err }).parseAsync(argv, { from: 'user' });
    return { code: 0, out: io.stdout, err: io.stderr };
  } catch (e) {
    if (e instanceof InputError) return { code: 2, out: io.stdout, err: e.message };
    if (e && typeof e === 'object' && 'exitCode' in e) return { code: 2, out: io.stdout, err: io.stderr };
    throw e;
  }
}

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

describe('o1 viz writes SVG', () => {
  it('contour + loss + lr: paths for every optimizer, minima marked, axes, log-spaced contours', async () => {
    const out = join(dir, 'himmelblau.svg');
    const r = await viz('--fn', 'himmelblau', '--opt', 'o1,adam:lr=0.05,momentum', '--model', modelFile, '--start', '-1,0.5', '--steps', '60', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/wrote/);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    // Four global minima, each a star.
    expect(count(svg, /class="minimum"/g)).toBe(4);
    // One path group per optimizer in the landscape.
    for (const name of ['o1', 'adam', 'momentum']) expect(svg).toContain(`class="run" data-name="${name}"`);
    expect(count(svg, /class="contour"/g)).toBeGreaterThanOrEqual(8);
    // Axes of the contour and of both charts.
    expect(count(svg, /class="axis x"/g)).toBe(3);
    expect(count(svg, /class="axis y"/g)).toBe(3);
    // Loss chart: one series per run; lr chart: o1's two coordinates.
    expect(count(svg, /class="series"/g)).toBe(3 + 2);
    expect(svg).toContain('adam lr=0.05');
    expect(svg).toContain('o1 (test-model)');
  });

  it('contour levels are log-spaced in f − f*', () => {
    const fn = getFunction('rosenbrock')!;
    const grid = sampleGrid(fn, plotBox(fn), 80);
    const levels = logLevels(grid, 10);
    const steps = levels.slice(1).map((v, i) => v - levels[i]);
    for (const s of steps) expect(s).toBeCloseTo(steps[0], 12);
    const svg = contourPlot({ fn, grid, runs: [], title: 't' });
    const drawn = [...svg.matchAll(/data-level="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(drawn.length).toBeGreaterThan(5);
    // data-level is log10(f − f*): the gaps themselves grow geometrically.
    const ratios = drawn.slice(1).map((v, i) => 10 ** v / 10 ** drawn[i]);
    for (const q of ratios) expect(q).toBeCloseTo(ratios[0], 2);
  });

  it('--3d draws the projected surface with the paths; --view picks one panel', async () => {
    const out = join(dir, 'surface.svg');
    const r = await viz('--fn', 'rosenbrock', '--opt', 'adam,momentum', '--lr', '0.002', '--start', '-1.5,2', '--steps', '50', '--3d', '--view', 'surface', '--out', out);
    expect(r.code, r.err).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('class="surface"');
    // 55 × 55 cells of the 56 × 56 grid, and a skirt wall under each of the 4 × 55 boundary edges.
    expect(count(svg, /<polygon points=/g)).toBe(55 * 55 + 4 * 55);
    expect(count(svg, /class="run"/g)).toBe(2);
    expect(count(svg, /class="minimum"/g)).toBe(1);
    expect(svg).toContain('adam lr=0.002');
    const loss = join(dir, 'loss.svg');
    expect((await viz('--fn', 'booth', '--opt', 'sgd,adam', '--starts', '3', '--steps', '20', '--view', 'loss', '--out', loss)).code).toBe(0);
    expect(count(readFileSync(loss, 'utf8'), /class="series"/g)).toBe(6);
  });

  it('writes PNG through resvg', async () => {
    for (const extra of [[], ['--3d']]) {
      const out = join(dir, `plot${extra.length}.png`);
      const r = await viz('--fn', 'beale', '--opt', 'adam,momentum', '--start', '1,1.5', '--steps', '40', '--scale', '1', '--out', out, ...extra);
      expect(r.code, r.err).toBe(0);
      const png = readFileSync(out);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(1280); // IHDR width
      expect(png.readUInt32BE(20)).toBe(620);
    }
  });

  it('bad input is one clear usage error', async () => {
    expect((await viz('--fn', 'nope')).err).toMatch(/unknown function/);
    expect((await viz('--fn', 'booth', '--opt', 'adamm')).err).toMatch(/did you mean adam/);
    expect((await viz('--fn', 'booth', '--opt', 'adam:lr')).err).toMatch(/name=value/);
    expect((await viz('--fn', 'booth', '--opt', 'o1:lr=-1')).err).toMatch(/--opt o1: lr = -1 is out of range/);
    expect((await viz('--fn', 'booth', '--opt', 'o1:momentum=0.9')).err).toMatch(/unknown hyper-parameter 'momentum' for o1 \(valid: lr, max_growth\)/);
    expect((await viz('--fn', 'booth', '--out', 'x.pdf')).err).toMatch(/\.svg or \.png/);
    expect((await viz('--fn', 'booth', '--start', '1,2', '--starts', '3')).err).toMatch(/either --start or --starts/);
    expect((await viz('--fn', 'booth', '--start', '1')).err).toMatch(/2-D/);
    expect((await viz('--fn', 'booth', '--opt', 'sgd', '--beta1', '0.5')).err).toMatch(/none of sgd/);
    expect((await viz('--fn', 'booth', '--opt', 'adam:beta1=1.5')).err).toMatch(/beta1/);
  });
});

describe('race', () => {
  it('each run is exactly the run `o1 run` makes (the TS reference)', () => {
    const fn = getFunction('rosenbrock')!;
    const spec = getOptimizer('adam')!;
    const hyper = resolveHyper(spec, { lr: 0.01 });
    const [[run]] = runRace({ fn, entries: [{ label: 'adam', optimizer: { kind: 'baseline', spec, hyper } }], starts: [[-1.5, 2]], steps: 100 });
    const ref = minimize(objectiveFromFunction(fn), spec.create(hyper), [-1.5, 2], 100);
    expect(run.finalLoss).toBe(ref.finalLoss);
    expect(run.x).toEqual(ref.x);
    expect(run.loss).toHaveLength(101);
    expect(run.loss[100]).toBe(ref.finalLoss);
  });

  it('o1 runs record the per-coordinate lr; labels name changed hyper-parameters', () => {
    const fn = getFunction('booth')!;
    const model = randomO1Model(new Rng(3));
    const [[run]] = runRace({ fn, entries: [{ label: 'o1', optimizer: { kind: 'o1', model } }], starts: [[0, 0]], steps: 10 });
    expect(run.lr).toHaveLength(10);
    expect(run.lr![0]).toHaveLength(2);
    const spec = getOptimizer('momentum')!;
    expect(describeEntry({ kind: 'baseline', spec, hyper: resolveHyper(spec, { lr: 0.01, momentum: 0.5 }) })).toBe('momentum lr=0.01 momentum=0.5');
  });

  it('a diverged run stops at the last finite point and is still drawn', () => {
    const fn = getFunction('rosenbrock')!;
    const spec = getOptimizer('sgd')!;
    const [[run]] = runRace({ fn, entries: [{ label: 'sgd', optimizer: { kind: 'baseline', spec, hyper: resolveHyper(spec, { lr: 1 }) } }], starts: [[-1.5, 2]], steps: 50 });
    expect(run.diverged).toBe(true);
    expect(run.x.length).toBe(run.loss.length);
    const svg = figure({ fn, runs: [run] });
    expect(svg).toContain('data-name="sgd"');
    expect(svg).not.toMatch(/NaN/);
  });

  it('the WASM engine (the web demo\'s) races like the TS reference (`o1 run`)', async () => {
    const fn = getFunction('himmelblau')!;
    const adam = getOptimizer('adam')!;
    const entries = [
      { label: 'o1', optimizer: { kind: 'o1' as const, model: randomO1Model(new Rng(2)) } },
      { label: 'adam', optimizer: { kind: 'baseline' as const, spec: adam, hyper: resolveHyper(adam, { lr: 0.05 }) } },
    ];
    const spec = { fn, entries, starts: [[-1, 0.5], [2, -3]], steps: 120 };
    const ref = runRace(spec).flat();
    const wasm = runRace(spec, await getEngine('wasm')).flat();
    expect(wasm.map((r) => r.x.length)).toEqual(ref.map((r) => r.x.length));
    wasm.forEach((r, k) => {
      expect(Math.abs(r.finalLoss - ref[k].finalLoss)).toBeLessThanOrEqual(1e-9 * Math.max(1e-6, ref[k].finalLoss));
      expect(r.lr?.length).toBe(ref[k].lr?.length);
    });
  });

  it('frame scales invert: a click lands where the point is drawn', () => {
    const fn = getFunction('himmelblau')!;
    const s = frameScales({ left: 60, top: 30, width: 500, height: 400, box: plotBox(fn) });
    const [x, y] = s.invert(s.px(1.25), s.py(-2.5));
    expect(x).toBeCloseTo(1.25, 12);
    expect(y).toBeCloseTo(-2.5, 12);
    expect(s.py(5)).toBe(30); // y grows upwards
  });
});
