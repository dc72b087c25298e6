// The benchmark's statistics on small synthetic inputs with known answers.
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/rng.js';
import {
  boxStats,
  bootstrapMedianCI,
  compareGaps,
  ecdf,
  gapOf,
  hittingTimes,
  logGap,
  median,
  pairedOutcomes,
  quantileSorted,
  hierarchicalWinRateCI,
  tally,
  targetStats,
  winRateCI,
} from '../src/bench/stats.js';
import { HARD_LR_HI, HARD_LR_LO, clampedByEdge, extendLr, lrGrid, selectFunctionLr, selectSuiteLr, tuneCell, type TuneCell } from '../src/bench/tuning.js';

describe('gaps and medians', () => {
  it('clamps gaps at 0, maps non-finite f to +∞ and floors log10 at −12', () => {
    expect(gapOf(1.5, 1)).toBe(0.5);
    expect(gapOf(0.999999999, 1)).toBe(0);
    expect(gapOf(NaN, 0)).toBe(Infinity);
    expect(gapOf(Infinity, 0)).toBe(Infinity);
    expect(logGap(0)).toBe(-12);
    expect(logGap(1e-3)).toBeCloseTo(-3, 12);
    expect(logGap(Infinity)).toBe(Infinity);
  });

  it('medians of odd and even samples; +∞ on more than half makes the median +∞', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, Infinity, Infinity])).toBe(Infinity);
    expect(median([1, 2, Infinity, Infinity])).toBe(Infinity);
    expect(median([1, 2, 3, Infinity])).toBe(2.5);
    expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
  });
});

describe('bootstrap CI of the median', () => {
  it('is the point itself for a constant sample and reproducible for a seed', () => {
    const c = bootstrapMedianCI([2, 2, 2, 2, 2], new Rng(1), 200);
    expect(c).toEqual({ median: 2, lo: 2, hi: 2 });
    const xs = [5, 1, 4, 2, 8, 7, 3, 6, 0, 9];
    expect(bootstrapMedianCI(xs, new Rng(7), 500)).toEqual(bootstrapMedianCI(xs, new Rng(7), 500));
    const ci = bootstrapMedianCI(xs, new Rng(7), 500);
    expect(ci.median).toBe(4.5);
    expect(ci.lo).toBeLessThanOrEqual(4.5);
    expect(ci.hi).toBeGreaterThanOrEqual(4.5);
    expect(ci.lo).toBeGreaterThanOrEqual(0);
    expect(ci.hi).toBeLessThanOrEqual(9);
  });

  it('bootstrap medians equal medians of explicit resamples (counting trick is exact)', () => {
    // Same stream drives both: re-draw the indices by hand and compare replicate by replicate
    // through the CI of a 1-resample bootstrap (lo = hi = the replicate).
    const xs = [0.3, -1, 2, 5, 4, -2, 1.5];
    const seed = 99;
    for (let b = 0; b < 20; b++) {
      const r1 = new Rng(seed + b);
      const ci = bootstrapMedianCI(xs, r1, 1);
      const r2 = new Rng(seed + b);
      const sample = xs.map(() => [...xs].sort((a, c) => a - c)[r2.int(xs.length)]);
      expect(ci.lo).toBe(median(sample));
      expect(ci.hi).toBe(median(sample));
    }
  });

  it('covers the true median about 95% of the time (normal samples of 31, true median 0)', () => {
    const rng = new Rng(2024);
    const trials = 200;
    let covered = 0;
    for (let k = 0; k < trials; k++) {
      const xs = Array.from({ length: 31 }, () => rng.normal());
      const ci = bootstrapMedianCI(xs, rng, 400);
      if (ci.lo <= 0 && 0 <= ci.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThanOrEqual(1);
  });

  it('keeps +∞ (diverged) values: a CI may reach +∞', () => {
    const ci = bootstrapMedianCI([-3, -2, Infinity, Infinity, -1], new Rng(3), 300);
    expect(ci.median).toBe(-1);
    expect(ci.hi).toBe(Infinity);
    expect(ci.lo).toBeLessThan(0);
  });
});

describe('win / tie / loss', () => {
  it('applies the documented rules', () => {
    expect(compareGaps(1e-3, 1e-2)).toBe('win');
    expect(compareGaps(1e-2, 1e-3)).toBe('loss');
    expect(compareGaps(0, 5e-11)).toBe('tie'); // both ≤ 1e-10
    expect(compareGaps(1e-11, 1e-10)).toBe('tie');
    expect(compareGaps(1e-11, 2e-10)).toBe('win');
    expect(compareGaps(1.0, 1.009)).toBe('tie'); // within 1%
    expect(compareGaps(1.0, 1.011)).toBe('win');
    expect(compareGaps(Infinity, 3)).toBe('loss'); // o1 diverged
    expect(compareGaps(3, Infinity)).toBe('win'); // baseline diverged
    expect(compareGaps(Infinity, Infinity)).toBe('loss'); // a diverged o1 run is never a tie
  });

  it('tallies win rates as (wins + ties/2) / runs', () => {
    const o = pairedOutcomes([1, 2, 0, Infinity], [2, 1, 0, 1]);
    expect(o).toEqual(['win', 'loss', 'tie', 'loss']);
    expect(tally(o)).toEqual({ wins: 1, ties: 1, losses: 2, winRate: 1.5 / 4 });
    expect(() => pairedOutcomes([1], [1, 2])).toThrow();
  });

  it('win-rate CIs: degenerate for all wins, cover the rate otherwise', () => {
    const allWin = winRateCI(['win', 'win', 'win'], new Rng(1), 500);
    expect([allWin.rate, allWin.lo, allWin.hi]).toEqual([1, 1, 1]);
    const mixed = winRateCI(['win', 'loss', 'tie', 'win', 'loss', 'win', 'win', 'loss'], new Rng(2), 500);
    expect(mixed.rate).toBeCloseTo(4.5 / 8, 12);
    expect(mixed.lo).toBeLessThan(mixed.rate);
    expect(mixed.hi).toBeGreaterThan(mixed.rate);
  });

  it('suite CIs: two levels — functions drawn with replacement, then runs within each', () => {
    const B = 4000;
    const allWin = winRateCI(['win', 'win', 'win'], new Rng(1), B);
    const allLoss = winRateCI(['loss', 'loss'], new Rng(3), B);
    // Two functions that disagree completely: resampling runs alone says 0.5 exactly (the old
    // stratified CI); drawing the functions too gives 0, ½ or 1 with chances ¼, ½, ¼.
    const two = hierarchicalWinRateCI([allWin, allLoss], ['a', 'b'], new Rng(7));
    expect(two).toEqual({ rate: 0.5, lo: 0, hi: 1 });
    // One function: level 1 has nothing to draw, the CI is its own run-level CI.
    const mixed = winRateCI(['win', 'loss', 'tie', 'win', 'loss', 'win', 'win', 'loss'], new Rng(2), B);
    const one = hierarchicalWinRateCI([mixed], ['m'], new Rng(8));
    expect(one.rate).toBe(mixed.rate);
    expect(Math.abs(one.lo - mixed.lo)).toBeLessThanOrEqual(0.07);
    expect(Math.abs(one.hi - mixed.hi)).toBeLessThanOrEqual(0.07);
    // Problems of one cluster (a function at two dimensions) are averaged before the draw: a
    // cluster {win, loss} against a cluster {win} weighs ½ and ½ — rate (0.5 + 1) / 2.
    const clustered = hierarchicalWinRateCI([allWin, allLoss, allWin], ['f', 'f', 'g'], new Rng(9));
    expect(clustered.rate).toBe(0.75);
    expect([clustered.lo, clustered.hi]).toEqual([0.5, 1]);
    // Reproducible for a seed; bad inputs throw.
    expect(hierarchicalWinRateCI([allWin, mixed], ['a', 'b'], new Rng(5))).toEqual(hierarchicalWinRateCI([allWin, mixed], ['a', 'b'], new Rng(5)));
    expect(() => hierarchicalWinRateCI([allWin, winRateCI(['win'], new Rng(4), 10)], ['a', 'b'], new Rng(1))).toThrow();
    expect(() => hierarchicalWinRateCI([allWin], ['a', 'b'], new Rng(1))).toThrow();
  });

  it('the two-level CI covers a new draw of functions about 95% of the time; the run-level one does not', () => {
    // Functions whose true win rates vary (uniform 0.2 … 0.8); 6 functions × 16 runs per suite.
    const trials = 200;
    let coveredTwo = 0;
    let coveredRuns = 0;
    const world = new Rng(11);
    for (let t = 0; t < trials; t++) {
      const perFn = Array.from({ length: 6 }, (_, j) => {
        const p = 0.2 + 0.6 * world.uniform();
        const outcomes = Array.from({ length: 16 }, () => (world.uniform() < p ? 'win' : 'loss') as 'win' | 'loss');
        return winRateCI(outcomes, new Rng(1000 * t + j), 400);
      });
      const ci = hierarchicalWinRateCI(perFn, perFn.map((_, j) => `f${j}`), new Rng(t));
      if (ci.lo <= 0.5 && 0.5 <= ci.hi) coveredTwo++; // the mean true rate over functions is 0.5
      const reps = new Float64Array(400);
      for (const f of perFn) for (let b = 0; b < 400; b++) reps[b] += f.replicates[b] / perFn.length;
      const sorted = Float64Array.from(reps).sort();
      if (quantileSorted(sorted, 0.025) <= 0.5 && 0.5 <= quantileSorted(sorted, 0.975)) coveredRuns++;
    }
    expect(coveredTwo / trials).toBeGreaterThan(0.88);
    expect(coveredRuns / trials).toBeLessThan(coveredTwo / trials - 0.1);
  });
});

describe('targets, hitting times and ECDF', () => {
  // Three runs, steps 0..4, losses loss[t·N + r]; f* = 0.
  const N = 3;
  const T = 4;
  const curves = [
    [1, 0.05, 0.005, 1e-9, 0], // run 0: 1e-1 at t=1, 1e-2 at t=2, 1e-8 at t=3
    [1, 1, 1, 0.5, 0.09], // run 1: 1e-1 at t=4 only
    [1, 1e-3, 1e-3, NaN, NaN], // run 2: diverged at step 3 — counts as a failure
  ];
  const loss = new Float64Array((T + 1) * N);
  for (let t = 0; t <= T; t++) for (let r = 0; r < N; r++) loss[t * N + r] = curves[r][t];
  const divergedAt = [-1, -1, 3];
  const targets = [1e-1, 1e-2, 1e-8];
  const hits = hittingTimes(loss, N, T, 0, divergedAt, targets);

  it('finds the first step each target is reached; diverged runs never succeed', () => {
    expect(Array.from(hits[0])).toEqual([1, 4, -1]);
    expect(Array.from(hits[1])).toEqual([2, -1, -1]);
    expect(Array.from(hits[2])).toEqual([3, -1, -1]);
  });

  it('success rate, median steps and ERT', () => {
    expect(targetStats(hits[0], 1e-1, T)).toEqual({ target: 1e-1, success: 2 / 3, medianSteps: 2.5, ert: (1 + 4 + 4) / 2 });
    expect(targetStats(hits[1], 1e-2, T)).toEqual({ target: 1e-2, success: 1 / 3, medianSteps: 2, ert: (2 + 4 + 4) / 1 });
    expect(targetStats(Int32Array.from([-1, -1]), 1e-8, T)).toEqual({ target: 1e-8, success: 0, medianSteps: null, ert: null });
  });

  it('the ECDF counts (run, target) pairs reached by each step', () => {
    const e = ecdf(hits, T);
    // 9 pairs; reached at steps 1, 2, 3, 4 → cumulative 1, 2, 3, 4 of 9.
    expect(e).toEqual([0, 1 / 9, 2 / 9, 3 / 9, 4 / 9]);
    expect(ecdf([[0, 0], [-1, 2]], 2)).toEqual([0.5, 0.5, 0.75]);
  });

  it('box statistics separate diverged (infinite) values', () => {
    const b = boxStats([1, 2, 3, 4, 100, Infinity]);
    expect(b.infinite).toBe(1);
    expect(b.median).toBe(3);
    expect(b.outliers).toEqual([100]);
    expect(b.whiskerHi).toBe(4);
    expect(b.whiskerLo).toBe(1);
  });
});

describe('lr tuning', () => {
  it('grid: 1e-5 … 10 at 4 points per decade = 25 points, 1 included', () => {
    const g = lrGrid();
    expect(g).toHaveLength(25);
    expect(g[0]).toBe(1e-5);
    expect(g[24]).toBe(10);
    expect(g).toContain(1);
    expect(g).toContain(0.001);
    for (let k = 1; k < g.length; k++) expect(g[k] / g[k - 1]).toBeCloseTo(10 ** 0.25, 9);
  });

  it('scores a grid point by the mean log gap of its finite runs and counts the diverged ones', () => {
    expect(tuneCell([1e-3, 1e-5, 1e-4])).toEqual({ score: -4, diverged: 0, runs: 3 });
    expect(tuneCell([1e-3, Infinity, Infinity])).toEqual({ score: -3, diverged: 2, runs: 3 });
    expect(tuneCell([Infinity, Infinity])).toEqual({ score: Infinity, diverged: 2, runs: 2 });
    expect(tuneCell([0, 0, Infinity]).score).toBe(-12);
  });

  const cell = (score: number, diverged: number, runs = 16): TuneCell => ({ score, diverged, runs });

  it('a diverged tuning run outweighs any finite score: fewer divergences first, then the mean', () => {
    const grid = [0.01, 0.1, 1];
    // One divergence in 16 at lr 1 loses to a much worse mean without any.
    const cells = [[cell(-1, 0)], [cell(5, 0)], [cell(-12, 1)]];
    expect(selectFunctionLr(grid, cells, 0).lr).toBe(0.01);
    expect(selectSuiteLr(grid, cells)).toEqual({ index: 0, lr: 0.01, diverged: 0 });
    // Equal divergences: the lower mean of the finite runs.
    expect(selectFunctionLr(grid, [[cell(-1, 3)], [cell(-2, 3)], [cell(-3, 4)]], 0).lr).toBe(0.1);
  });

  it('the chosen lr diverges on a tuning start only when every lr does (random grids)', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 500; trial++) {
      const K = 2 + rng.int(8);
      const F = 1 + rng.int(4);
      const grid = Array.from({ length: K }, (_, k) => 10 ** (k - 4));
      const cells = grid.map(() => Array.from({ length: F }, () => cell(-12 + 14 * rng.uniform(), rng.uniform() < 0.5 ? 0 : rng.int(17))));
      const s = selectSuiteLr(grid, cells);
      const divergedAt = (k: number) => cells[k].reduce((a, c) => a + c.diverged, 0);
      if (s.diverged > 0) for (let k = 0; k < K; k++) expect(divergedAt(k)).toBeGreaterThan(0);
      for (let j = 0; j < F; j++) {
        const f = selectFunctionLr(grid, cells, j);
        if (f.diverged > 0) for (let k = 0; k < K; k++) expect(cells[k][j].diverged).toBeGreaterThanOrEqual(f.diverged);
      }
    }
  });

  it('suite mode minimises the mean over functions, per-function mode each function alone', () => {
    const grid = [0.01, 0.1, 1];
    // cells[k][j]: function 0 likes 1, function 1 diverges at 1 and likes 0.1.
    const cells = [
      [cell(-1, 0), cell(-2, 0)],
      [cell(-3, 0), cell(-4, 0)],
      [cell(-9, 0), cell(Infinity, 16)],
    ];
    expect(selectSuiteLr(grid, cells).lr).toBe(0.1);
    expect(selectFunctionLr(grid, cells, 0).lr).toBe(1);
    expect(selectFunctionLr(grid, cells, 1).lr).toBe(0.1);
    // Functions with fewer runs (a 1000-D problem: 4) weigh their divergences by fraction.
    const mixed = [
      [cell(-1, 1, 4), cell(-1, 0)],
      [cell(-1, 0, 4), cell(-1, 3)],
    ];
    expect(selectSuiteLr([0.1, 1], mixed).lr).toBe(1); // 3/16 < 1/4
  });

  it('ties go to the smaller lr', () => {
    const grid = [0.01, 0.1, 1];
    expect(selectSuiteLr(grid, [[cell(Infinity, 16)], [cell(Infinity, 16)], [cell(Infinity, 16)]]).lr).toBe(0.01);
    const flat = [[cell(-12, 0)], [cell(-12, 0)], [cell(-12, 0)]];
    expect(selectFunctionLr(grid, flat, 0).lr).toBe(0.01);
  });

  it('the grid extends at its own spacing up to the hard bounds 1e-8 … 1e3', () => {
    const g = lrGrid();
    expect(extendLr(g, 'low')).toBe(Number((10 ** -5.25).toPrecision(12)));
    expect(extendLr(g, 'high')).toBe(Number((10 ** 1.25).toPrecision(12)));
    // Walking out reaches exactly 1e-8 and 1e3, then stops.
    const down = [...g];
    for (let lr = extendLr(down, 'low'); lr !== undefined; lr = extendLr(down, 'low')) down.unshift(lr);
    expect(down[0]).toBe(HARD_LR_LO);
    expect(down).toContain(1e-6);
    expect(down.length).toBe(25 + 12);
    const up = [...g];
    for (let lr = extendLr(up, 'high'); lr !== undefined; lr = extendLr(up, 'high')) up.push(lr);
    expect(up[up.length - 1]).toBe(HARD_LR_HI);
    expect(up).toContain(100);
    expect(up.length).toBe(25 + 8);
    expect(extendLr([0.1], 'high')).toBeUndefined();
  });

  it('an edge choice better than its neighbour is clamped by the grid; a tied one (a plateau) is not', () => {
    const grid = [0.01, 0.1, 1];
    const rising = [[cell(-1, 0)], [cell(-2, 0)], [cell(-3, 0)]];
    expect(clampedByEdge(grid, (k) => rising[k], 2)).toBe('high');
    expect(clampedByEdge(grid, (k) => rising[k], 1)).toBeUndefined();
    const falling = [[cell(-3, 0)], [cell(-2, 0)], [cell(-1, 0)]];
    expect(clampedByEdge(grid, (k) => falling[k], 0)).toBe('low');
    const plateau = [[cell(-1, 0)], [cell(-1, 0)], [cell(0, 0)]];
    expect(clampedByEdge(grid, (k) => plateau[k], 0)).toBeUndefined();
  });
});
