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
  suiteWinRateCI,
  tally,
  targetStats,
  winRateCI,
} from '../src/bench/stats.js';
import { lrGrid, selectFunctionLr, selectSuiteLr, tuneCell } from '../src/bench/tuning.js';

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

  it('win-rate CIs: degenerate for all wins, cover the rate otherwise; suites weigh functions equally', () => {
    const allWin = winRateCI(['win', 'win', 'win'], new Rng(1), 500);
    expect([allWin.rate, allWin.lo, allWin.hi]).toEqual([1, 1, 1]);
    const mixed = winRateCI(['win', 'loss', 'tie', 'win', 'loss', 'win', 'win', 'loss'], new Rng(2), 500);
    expect(mixed.rate).toBeCloseTo(4.5 / 8, 12);
    expect(mixed.lo).toBeLessThan(mixed.rate);
    expect(mixed.hi).toBeGreaterThan(mixed.rate);
    const allLoss = winRateCI(['loss', 'loss'], new Rng(3), 500);
    const suite = suiteWinRateCI([allWin, allLoss]);
    expect(suite).toEqual({ rate: 0.5, lo: 0.5, hi: 0.5 });
    const s2 = suiteWinRateCI([allWin, mixed]);
    expect(s2.rate).toBeCloseTo((1 + 4.5 / 8) / 2, 12);
    // Replicate b of the suite is the mean of the functions' replicates b.
    expect(s2.lo).toBeCloseTo((1 + mixed.lo) / 2, 12);
    expect(s2.hi).toBeCloseTo((1 + mixed.hi) / 2, 12);
    expect(() => suiteWinRateCI([allWin, winRateCI(['win'], new Rng(4), 10)])).toThrow();
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

  it('scores a grid point by the median log gap; diverging on more than half of the starts scores +∞', () => {
    expect(tuneCell([1e-3, 1e-5, 1e-4])).toEqual({ score: -4, diverged: 0 });
    expect(tuneCell([1e-3, Infinity, Infinity])).toEqual({ score: Infinity, diverged: 2 });
    expect(tuneCell([0, 0, Infinity]).score).toBe(-12);
  });

  it('suite mode minimises the mean over functions, per-function mode each function alone', () => {
    const grid = [0.01, 0.1, 1];
    // cells[k][j]: function 0 likes 1, function 1 diverges at 1 and likes 0.1.
    const cells = [
      [{ score: -1, diverged: 0 }, { score: -2, diverged: 0 }],
      [{ score: -3, diverged: 0 }, { score: -4, diverged: 0 }],
      [{ score: -9, diverged: 0 }, { score: Infinity, diverged: 9 }],
    ];
    expect(selectSuiteLr(grid, cells).lr).toBe(0.1);
    expect(selectFunctionLr(grid, cells, 0).lr).toBe(1);
    expect(selectFunctionLr(grid, cells, 1).lr).toBe(0.1);
  });

  it('ties go to fewer diverged runs, then to the smaller lr', () => {
    const grid = [0.01, 0.1, 1];
    const cells = [[{ score: Infinity, diverged: 9 }], [{ score: Infinity, diverged: 5 }], [{ score: Infinity, diverged: 7 }]];
    expect(selectSuiteLr(grid, cells).lr).toBe(0.1);
    const flat = [[{ score: -12, diverged: 0 }], [{ score: -12, diverged: 0 }], [{ score: -12, diverged: 0 }]];
    expect(selectFunctionLr(grid, flat, 0).lr).toBe(0.01);
  });
});
