// CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv 1604.00772): rank-weighted
// recombination, cumulative step-size adaptation and covariance adaptation. Strong for the tens
// of parameters an o1 network has. The eigendecomposition comes from ml-matrix.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Strategy, StrategyOptions } from './types.js';
import { argsortAscending, recombinationWeights } from './types.js';
import type { Rng } from '../../rng.js';

export interface CmaState {
  mean: number[];
  sigma: number;
  C: number[][];
  pc: number[];
  ps: number[];
  /** C = B·diag(D²)·Bᵀ, decomposed once per generation (at the end of tell) and used by the
   *  next ask and tell; recomputed when absent. */
  B?: number[][];
  D?: number[];
  generation: number;
  opts: StrategyOptions;
}

interface CmaConstants {
  n: number;
  lambda: number;
  mu: number;
  w: number[];
  mueff: number;
  cs: number;
  ds: number;
  cc: number;
  c1: number;
  cmu: number;
  chiN: number;
}

function constants(n: number, lambda: number): CmaConstants {
  const mu = Math.max(1, Math.floor(lambda / 2));
  const w = recombinationWeights(mu);
  const mueff = 1 / w.reduce((s, x) => s + x * x, 0);
  const cs = (mueff + 2) / (n + mueff + 5);
  const ds = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
  const cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
  const c1 = 2 / ((n + 1.3) ** 2 + mueff);
  const cmu = Math.min(1 - c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  return { n, lambda, mu, w, mueff, cs, ds, cc, c1, cmu, chiN };
}

/** C = B·diag(D²)·Bᵀ; returns B (columns = eigenvectors) and D (sqrt of eigenvalues, floored). */
function eigen(C: number[][]): { B: number[][]; D: number[] } {
  const e = new EigenvalueDecomposition(new Matrix(C), { assumeSymmetric: true });
  const D = e.realEigenvalues.map((l) => Math.sqrt(Math.max(l, 1e-300)));
  return { B: e.eigenvectorMatrix.to2DArray(), D };
}

const decomposition = (state: CmaState) => (state.B && state.D ? { B: state.B, D: state.D } : eigen(state.C));

/** The default population for n parameters: 4 + ⌊3 ln n⌋. */
export const cmaDefaultPopulation = (n: number) => 4 + Math.floor(3 * Math.log(n));

export const cmaes: Strategy<CmaState> = {
  name: 'cmaes',
  reads: ['mirrored'],
  init: (theta0, opts) => {
    const n = theta0.length;
    return {
      mean: [...theta0],
      sigma: opts.sigma,
      C: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))),
      pc: new Array(n).fill(0),
      ps: new Array(n).fill(0),
      generation: 0,
      opts: { ...opts },
    };
  },
  ask(state: CmaState, rng: Rng) {
    const n = state.mean.length;
    const { B, D } = decomposition(state);
    const out: number[][] = [];
    while (out.length < state.opts.population) {
      const z = Array.from({ length: n }, () => rng.normal());
      const signs = state.opts.mirrored ? [1, -1] : [1];
      for (const s of signs) {
        if (out.length >= state.opts.population) break;
        const x = state.mean.slice();
        for (let i = 0; i < n; i++) {
          let y = 0;
          for (let j = 0; j < n; j++) y += B[i][j] * D[j] * z[j];
          x[i] += state.sigma * s * y;
        }
        out.push(x);
      }
    }
    return out;
  },
  tell(state, candidates, fitness) {
    const n = state.mean.length;
    const k = constants(n, candidates.length);
    const order = argsortAscending(fitness).slice(0, k.mu);
    const old = state.mean;
    const mean = old.map((_, i) => order.reduce((s, c, j) => s + k.w[j] * candidates[c][i], 0));
    const yw = mean.map((m, i) => (m - old[i]) / state.sigma);

    // C^{-1/2}·y_w = B·D⁻¹·Bᵀ·y_w
    const { B, D } = decomposition(state);
    const bty = new Array(n).fill(0);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) bty[j] += B[i][j] * yw[i];
    const cInvHalfY = new Array(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cInvHalfY[i] += (B[i][j] * bty[j]) / D[j];

    const csn = Math.sqrt(k.cs * (2 - k.cs) * k.mueff);
    const ps = state.ps.map((p, i) => (1 - k.cs) * p + csn * cInvHalfY[i]);
    const psNorm = Math.sqrt(ps.reduce((s, v) => s + v * v, 0));
    const g = state.generation + 1;
    const hsig = psNorm / Math.sqrt(1 - (1 - k.cs) ** (2 * g)) / k.chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
    const ccn = Math.sqrt(k.cc * (2 - k.cc) * k.mueff);
    const pc = state.pc.map((p, i) => (1 - k.cc) * p + hsig * ccn * yw[i]);

    const ys = order.map((c) => candidates[c].map((x, i) => (x - old[i]) / state.sigma));
    const C = state.C.map((row, i) =>
      row.map((cij, j) => {
        let rankMu = 0;
        for (let q = 0; q < k.mu; q++) rankMu += k.w[q] * ys[q][i] * ys[q][j];
        const rankOne = pc[i] * pc[j] + (1 - hsig) * k.cc * (2 - k.cc) * cij;
        return (1 - k.c1 - k.cmu) * cij + k.c1 * rankOne + k.cmu * rankMu;
      }),
    );
    // Keep C exactly symmetric so the decomposition stays well defined.
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) C[i][j] = C[j][i];
    const sigma = state.sigma * Math.exp((k.cs / k.ds) * (psNorm / k.chiN - 1));
    return { mean, sigma, C, pc, ps, ...eigen(C), generation: g, opts: state.opts };
  },
  best: (state) => state.mean,
  sigma: (state) => state.sigma,
};
