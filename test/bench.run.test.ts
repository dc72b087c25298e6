// The benchmark end to end on tiny settings (the pure-TS engine): suites,
// disjoint starts, tuning, statistics, reproducibility, custom objectives, the report.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/rng.js';
import { randomO1Model, type O1Model } from '../src/o1/o1.js';
import { objectiveFromUser } from '../src/run/objective.js';
import { benchJson, runBench, type BenchOptions } from '../src/bench/runBench.js';
import { buildSuites, customFunction, startSets, trainFunctionsOf } from '../src/bench/suites.js';
import { benchMarkdown, benchPlots, formatBenchText, writeReport } from '../src/bench/report.js';
import { InputError } from '../src/errors.js';
import { FUNCTIONS, getFunction } from '../src/functions/index.js';
import { PREREGISTERED_FUNCTIONS } from '../src/problems/heldout.js';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';
import { getEngine, tsEngine } from '../src/engine/index.js';

const model: O1Model = randomO1Model(new Rng(5));
const trained: O1Model = { ...model, provenance: { trainConfig: { functions: ['booth', 'beale'], dims: 2 } } };

describe('suites', () => {
  it('train functions come from the provenance, else rosenbrock, rastrigin, himmelblau', () => {
    expect(trainFunctionsOf(model)).toEqual({ names: ['rosenbrock', 'rastrigin', 'himmelblau'], dims: 2, fromProvenance: false });
    expect(trainFunctionsOf(trained)).toEqual({ names: ['booth', 'beale'], dims: 2, fromProvenance: true });
  });

  it('heldout is every other 2-D function; nd the n-D ones at 10 and 100 dimensions (the pre-registered split in neither)', () => {
    const suites = buildSuites(trained, { suites: ['train', 'heldout', 'nd'] });
    const [train, heldout, nd] = suites;
    expect(train.problems.map((p) => p.key)).toEqual(['booth', 'beale']);
    expect(heldout.problems).toHaveLength(FUNCTIONS.length - 2 - PREREGISTERED_FUNCTIONS.length);
    expect(heldout.problems.map((p) => p.key)).not.toContain('booth');
    const ndFns = FUNCTIONS.filter((f) => f.nd && !PREREGISTERED_FUNCTIONS.includes(f.name));
    expect(nd.problems).toHaveLength(2 * ndFns.length);
    expect(nd.problems.map((p) => p.key)).toContain('rosenbrock-100d');
    const sty = nd.problems.find((p) => p.key === 'styblinski-10d')!;
    expect(sty.fmin).toBeCloseTo(-39.16617 * 10, 3);
  });

  it('--fn restricts every suite; unknown names are input errors with suggestions', () => {
    const s = buildSuites(model, { suites: ['train', 'heldout', 'nd'], functions: ['rosenbrock', 'booth'] });
    expect(s.map((x) => [x.name, x.problems.map((p) => p.key)])).toEqual([
      ['train', ['rosenbrock']],
      ['heldout', ['booth']],
      ['nd', ['rosenbrock-10d', 'rosenbrock-100d']],
    ]);
    expect(() => buildSuites(model, { suites: ['train'], functions: ['rosenbrok'] })).toThrow(/did you mean rosenbrock/);
    expect(() => buildSuites(model, { suites: ['train'], functions: ['booth'] })).toThrow(InputError);
  });

  it('evaluation and tuning starts are seeded, inside the domain and disjoint', () => {
    const p = buildSuites(model, { suites: ['heldout'], functions: ['mccormick'] })[0].problems[0];
    const a = startSets(p, 3, 32, 16);
    const b = startSets(p, 3, 32, 16);
    expect(a.evalStarts).toEqual(b.evalStarts);
    expect(a.tuneStarts).toEqual(b.tuneStarts);
    expect(startSets(p, 4, 32, 16).evalStarts).not.toEqual(a.evalStarts);
    const dom = p.fn.domain(2);
    for (let r = 0; r < 32; r++) for (let i = 0; i < 2; i++) {
      expect(a.evalStarts[r * 2 + i]).toBeGreaterThanOrEqual(dom.lo[i]);
      expect(a.evalStarts[r * 2 + i]).toBeLessThan(dom.hi[i]);
    }
    const evalSet = new Set(Array.from({ length: 32 }, (_, r) => `${a.evalStarts[2 * r]},${a.evalStarts[2 * r + 1]}`));
    for (let r = 0; r < 16; r++) expect(evalSet.has(`${a.tuneStarts[2 * r]},${a.tuneStarts[2 * r + 1]}`)).toBe(false);
  });
});

const tiny: Omit<BenchOptions, 'model'> = {
  engine: tsEngine,
  suites: ['train'],
  functions: ['rosenbrock'],
  baselines: ['momentum', 'adam'],
  starts: 2,
  tuneStarts: 2,
  steps: 30,
  seed: 11,
  bootstrap: 50,
  grid: [1e-4, 1e-3, 1e-2, 1e-1, 1],
};

describe('runBench: one function, two starts', () => {
  it('runs and returns every number, reproducibly', async () => {
    const r = await runBench({ model, ...tiny, trajectories: 1 });
    expect(r.suites).toHaveLength(1);
    const s = r.suites[0];
    expect(s.problems).toHaveLength(1);
    const pr = s.problems[0];
    expect(pr.key).toBe('rosenbrock');
    // o1 + 2 baselines × 2 modes.
    expect(pr.contenders.map((c) => `${c.optimizer}:${c.mode}`)).toEqual(['o1:none', 'momentum:suite', 'adam:suite', 'momentum:per-function', 'adam:per-function']);
    for (const c of pr.contenders) {
      expect(c.gaps).toHaveLength(2);
      expect(c.hits).toHaveLength(8);
      expect(c.targets.map((t) => t.target)).toEqual([1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8]);
      expect(c.ciLo).toBeLessThanOrEqual(c.medianLog10Gap);
      expect(c.ciHi).toBeGreaterThanOrEqual(c.medianLog10Gap);
    }
    // With one function, the suite lr is the per-function lr.
    for (const b of ['momentum', 'adam']) {
      expect(r.tuning[b].suiteLr.train).toBe(r.tuning[b].perFunctionLr.rosenbrock);
      expect(r.tuning[b].grid.train).toContain(r.tuning[b].suiteLr.train);
      expect(r.tuning[b].grid.train.length).toBeGreaterThanOrEqual(5);
      expect(r.tuning[b].scores.rosenbrock).toHaveLength(r.tuning[b].grid.train.length);
      const v = pr.versus.suite[b];
      expect(v.wins + v.ties + v.losses).toBe(2);
      expect(v.winRate).toBeGreaterThanOrEqual(0);
      expect(v.winRate).toBeLessThanOrEqual(1);
      expect(s.summary.suite[b].winRate).toBe(v.winRate);
      expect(s.ecdf.suite[b]).toHaveLength(31);
    }
    expect(s.ecdf.suite.o1).toHaveLength(31);
    expect(pr.trajectories!.map((t) => t.optimizer)).toEqual(['o1', 'momentum', 'adam']);
    expect(pr.trajectories![0].paths[0].length).toBeGreaterThan(1);
    expect(r.settings.engine).toBe('ts');
    // Same seed, same JSON.
    const again = await runBench({ model, ...tiny, trajectories: 1 });
    expect(benchJson(again)).toBe(benchJson(r));
    const other = await runBench({ model, ...tiny, seed: 12, trajectories: 1 });
    expect(benchJson(other)).not.toBe(benchJson(r));
    const parsed = JSON.parse(benchJson(r));
    expect(parsed.timing).toBeUndefined();
    expect(parsed.suites[0].problems[0].contenders[0].gaps).toHaveLength(2);
  });

  it('tunes each baseline on the tuning starts only: the chosen lr is the argmin of the rule there', async () => {
    const r = await runBench({ model, ...tiny, suites: ['train', 'heldout'], functions: ['rosenbrock', 'booth', 'matyas'], baselines: ['sgd'] });
    const t = r.tuning.sgd;
    const grid = t.grid.heldout;
    const suiteKeys = ['booth', 'matyas'];
    // The rule (tuning.ts): fewer diverged runs (as a fraction) first, then the mean log gap
    // with the finite runs' sum over all runs; ties to the smaller lr.
    const keyOf = (keys: string[], k: number) => [
      keys.reduce((a, key) => a + t.diverged[key][k] / 2, 0),
      keys.reduce((a, key) => a + (t.diverged[key][k] < 2 ? (t.scores[key][k] * (2 - t.diverged[key][k])) / 2 : 0), 0),
    ];
    const argmin = (keys: string[]) => {
      let best = 0;
      for (let k = 1; k < grid.length; k++) {
        const [d, m] = keyOf(keys, k);
        const [bd, bm] = keyOf(keys, best);
        if (d < bd || (d === bd && m < bm)) best = k;
      }
      return grid[best];
    };
    expect(t.suiteLr.heldout).toBe(argmin(suiteKeys));
    for (const key of suiteKeys) expect(t.perFunctionLr[key]).toBe(argmin([key]));
  });

  it('extends the grid while a choice sits on its edge, and flags one stopped by a hard bound', async () => {
    // Adam on booth in 30 steps wants a larger lr than 1e-3 … 1e-2: the grid grows upward (at
    // its own spacing, a decade) until the choice is interior; sgd at lr ≥ 1e2 diverges, so it
    // never reaches 1e3.
    const r = await runBench({ model, ...tiny, suites: ['heldout'], functions: ['booth'], baselines: ['adam', 'sgd'], grid: [1e-3, 1e-2] });
    for (const b of ['adam', 'sgd']) {
      const t = r.tuning[b];
      const grid = t.grid.heldout;
      expect(grid.slice(0, 2)).toEqual([1e-3, 1e-2]);
      expect(grid.length).toBeGreaterThan(2);
      for (let k = 1; k < grid.length; k++) expect(grid[k] / grid[k - 1]).toBeCloseTo(10, 6);
      const k = grid.indexOf(t.suiteLr.heldout);
      expect(k).toBeGreaterThan(0);
      expect(k).toBeLessThan(grid.length - 1);
      expect(t.bound.suite).toEqual({});
      // A chosen lr diverges on tuning starts only when every lr does.
      if (t.diverged.booth[k] > 0) for (const d of t.diverged.booth) expect(d).toBeGreaterThan(0);
    }
  });

  it('benchmarks a custom objective (id −1) from its f, grad and domain; f* estimated when missing', async () => {
    const bowl = objectiveFromUser(
      { f: (x) => (x[0] - 1) ** 2 + 2 * (x[1] + 0.5) ** 2 + 3, grad: (x) => [2 * (x[0] - 1), 4 * (x[1] + 0.5)], domain: [[-3, 3], [-3, 3]], name: 'bowl' },
      2,
    );
    expect(customFunction(bowl).id).toBe(-1);
    const r = await runBench({ model, ...tiny, suites: ['custom'], functions: undefined, custom: [bowl], trajectories: 1 });
    const pr = r.suites[0].problems[0];
    expect(pr.key).toBe('bowl');
    expect(pr.fminEstimated).toBe(true);
    expect(pr.fmin).toBeGreaterThanOrEqual(3);
    expect(pr.fmin).toBeLessThan(3.01);
    const withFmin = objectiveFromUser({ f: bowl.f, grad: (x) => [2 * (x[0] - 1), 4 * (x[1] + 0.5)], domain: [[-3, 3], [-3, 3]], fmin: 3, name: 'bowl' }, 2);
    const r2 = await runBench({ model, ...tiny, suites: ['custom'], functions: undefined, custom: [withFmin] });
    expect(r2.suites[0].problems[0].fmin).toBe(3);
    const noDomain = objectiveFromUser({ f: bowl.f, grad: (x) => [0 * x[0], 0] }, 2, 'nodomain');
    await expect(runBench({ model, ...tiny, suites: ['custom'], functions: undefined, custom: [noDomain] })).rejects.toThrow(/domain/);
  });

  it('gives the same outcomes on the WASM engine as on the TS reference', async () => {
    const opts = { ...tiny, suites: ['train', 'nd'] as const, functions: ['rosenbrock'], ndDims: [10] };
    const ts = await runBench({ model, ...opts, suites: [...opts.suites] });
    const wasm = await runBench({ model, ...opts, suites: [...opts.suites], engine: await getEngine('wasm') });
    expect(wasm.settings.engine).toBe('wasm');
    expect(wasm.tuning).toEqual(ts.tuning);
    for (let i = 0; i < ts.suites.length; i++) {
      expect(wasm.suites[i].summary).toEqual(ts.suites[i].summary);
      const a = wasm.suites[i].problems[0].contenders;
      const b = ts.suites[i].problems[0].contenders;
      for (let c = 0; c < a.length; c++) {
        expect(a[c].hits).toEqual(b[c].hits);
        a[c].gaps.forEach((g, r) => {
          if (g !== b[c].gaps[r]) expect(Math.abs(g - b[c].gaps[r])).toBeLessThanOrEqual(1e-9 * Math.max(1, b[c].gaps[r]));
        });
      }
    }
  });

  it('rejects bad baselines', async () => {
    await expect(runBench({ model, ...tiny, baselines: ['adamm'] })).rejects.toThrow(/did you mean adam/);
    await expect(runBench({ model, ...tiny, baselines: ['o1'] })).rejects.toThrow(InputError);
  });
});

describe('report', () => {
  it('prints a terminal table, writes report.md and SVG plots with the expected elements', async () => {
    const r = await runBench({ model, ...tiny, suites: ['train', 'heldout'], functions: ['rosenbrock', 'booth'], trajectories: 2 });
    const text = formatBenchText(r);
    expect(text).toMatch(/suite train/);
    expect(text).toMatch(/suite heldout/);
    expect(text).toMatch(/^rosenbrock /m);
    expect(text).toMatch(/^win rate /m);
    expect(text).toMatch(/bench took [\d.]+ s on the ts engine/);
    const plots = benchPlots(r);
    const kinds = plots.map((p) => p.kind);
    expect(kinds.filter((k) => k === 'ecdf')).toHaveLength(4); // 2 suites × 2 modes
    expect(kinds.filter((k) => k === 'matrix')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'box')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'trajectories')).toHaveLength(2);
    for (const p of plots) expect(p.svg.startsWith('<svg')).toBe(true);
    const ecdf = plots.find((p) => p.kind === 'ecdf')!.svg;
    expect(ecdf.match(/class="series"/g)).toHaveLength(3); // o1 + 2 baselines
    const matrix = plots.find((p) => p.kind === 'matrix')!.svg;
    expect(matrix.match(/class="cell"/g)).toHaveLength((2 + 2) * 2); // (2 functions + 2 suite rows) × 2 baselines
    const box = plots.find((p) => p.kind === 'box')!.svg;
    expect((box.match(/class="group"/g) ?? []).length).toBe(3);
    const contour = plots.find((p) => p.kind === 'trajectories')!.svg;
    expect((contour.match(/class="contour"/g) ?? []).length).toBeGreaterThan(3);
    expect(contour.match(/class="run"/g)).toHaveLength(3 * 2); // 3 optimizers × 2 runs (o1 viz's contour plot)
    expect(contour).toMatch(/class="minimum"/);
    const md = benchMarkdown(r, plots);
    expect(md).toMatch(/# o1 benchmark/);
    expect(md).toMatch(/\(winrate-suite\.svg\)/);

    const dir = mkdtempSync(join(tmpdir(), 'o1-bench-'));
    const files = writeReport(r, dir, benchJson(r));
    expect(files.length).toBe(plots.length + 2);
    const names = readdirSync(dir);
    expect(names).toContain('report.md');
    expect(names).toContain('result.json');
    expect(names).toContain('ecdf-train-suite.svg');
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).settings.starts).toBe(2);
  });
});

describe('scheduled baselines and answer points in the benchmark', () => {
  it("runs a warmup + cosine baseline with its horizon set to the run's steps", async () => {
    const r = await runBench({ model, ...tiny, baselines: ['momentum-cosine'], steps: 30 });
    const lr = r.tuning['momentum-cosine'].suiteLr.train;
    const spec = getOptimizer('momentum-cosine')!;
    const starts = startSets(buildSuites(model, { suites: ['train'], functions: ['rosenbrock'] })[0].problems[0], tiny.seed!, 2, 2).evalStarts;
    const run = (total: number) => tsEngine.runBatch({ fn: getFunction('rosenbrock')!, n: 2, optimizer: { kind: 'baseline', spec, hyper: resolveHyper(spec, { lr, total_steps: total }) }, starts, steps: 30 });
    const gaps = r.suites[0].problems[0].contenders.find((c) => c.optimizer === 'momentum-cosine' && c.mode === 'suite')!.gaps;
    expect(gaps).toEqual(Array.from(run(30).finalF));
    expect(gaps).not.toEqual(Array.from(run(200).finalF)); // the spec's default horizon would differ
  });

  it("measures schedule-free AdamW at its x, keeping y's gap for the report", async () => {
    const r = await runBench({ model, ...tiny, baselines: ['adamw-schedulefree'] });
    const c = r.suites[0].problems[0].contenders.find((k) => k.optimizer === 'adamw-schedulefree' && k.mode === 'suite')!;
    expect(c.iterateGaps).toHaveLength(2);
    expect(c.gaps).not.toEqual(c.iterateGaps);
    // Adam answers at its iterate: nothing extra.
    const a = await runBench({ model, ...tiny, baselines: ['adam'] });
    expect(a.suites[0].problems[0].contenders[1].iterateGaps).toBeUndefined();
  });
});
