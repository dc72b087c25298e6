// o1's 'normalized' rule with the v3 features (docs/O1.md, "normalized"): momentum gives the
// direction, normalised per coordinate by its running RMS as Adam does; the network gives each
// coordinate's step length, as a learned multiplicative accelerator/brake.
//
//   m_i ← β·m_i + g_i                     (heavy ball, m₀ = 0)
//   v_i ← β₂·v_i + (1 − β₂)·g_i²          (v₀ = 0)
//   d_i = m̂_i / (√v̂_i + ε),  m̂ = (1−β)·m / (1−β^(t+1)),  v̂ = v / (1−β₂^(t+1))
//   s_i ← s_i · exp(clamp(network(features_i)))   (s_i = u before the first step)
//   x_i ← x_i − s_i · d_i
// where the step unit u = initStep · rms(x₀) is measured on the start itself (initStep when x₀ = 0):
// a start of 2-D test-function size (rms ≈ 3) and a network's initial weights (rms ≈ 0.3) get
// first steps as different as the lrs a tuned Adam picks for them, and a run is invariant to
// rescaling x (x → c·x) as well as f (bar ε).
// With the config's stepUnit 'distance' the unit grows with the distance moved (as DoG's lr):
//   D_t = max(D_{t−1}, rms(x_t − x₀)) (D₀ = 0),  u_t = initStep · max(b, D_t),
// b = rms(x₀) (1 when x₀ = 0), so the first step is the 'start' unit's and a start far below
// the solution's scale is not held to its own scale for ever (the stall of docs/TRAINING.md).
//
// With a network that outputs 0 this is Adam(lr = u, betas = (β, β₂), eps = ε) up to rounding
// (tested): the network only has to learn what to do better than a fixed lr.
//
// The eight v3 features are scale-free in f (multiplying f by c > 0 changes none of them, bar ε)
// and bounded, so one network serves every function, dimension and loss scale:
//   0  r_i = g_i / (√v̂_i + ε)                 this gradient against the coordinate's own RMS
//   1  d_i                                     the normalised momentum (Adam's direction)
//   2  sign(g_i · m_i,prev)                    does the gradient agree with momentum (Rprop's signal)
//   3  tanh(ln(s_i / initStep) / 4)            the coordinate's current step level (o1's tanh,
//                                              ./tanh.ts: one per coordinate and step)
//   4  cos(g, m_prev)                          global: agreement of the whole gradient with momentum
//   5  tanh(ln(‖g_t‖ / ‖g_{t−1}‖))             global: is the gradient growing or shrinking
//                                              (computed as (q² − 1)/(q² + 1), tanhOfLog)
//   6  tanh(t / 30), 7  tanh(t / 300)           global: training progress, without knowing T
// Globals are shared by all coordinates: each costs one reduction per step.
//
// Experimental feature sets (docs/O1.md, "Feature sets after v3"): v3's eight inputs, then
//   8  straightness S_t = rms(x_t − x₀) / Σ_{s<t} rms(x_{s+1} − x_s)   ('v3-progress', global):
//      progress against the steps taken, ≈ 1 while the run moves consistently, → 0 when it
//      oscillates or wanders in noise (0 at t = 0); the step lengths are measured as
//      u·rms(e^(ln s_i)·d_i), so a tiny start's steps do not underflow
//   9  |m̂_slow,i| / (√v̂_i + ε), m_slow at β = 0.99   ('v3-progress-noise', per coordinate):
//      the signal-to-noise of ~100 gradients (≈ 0.07 under pure noise, ≈ 1 under a steady
//      gradient), a timescale no v3 input has (feature 1 sees ~10)
import { forwardAt } from './network.js';
import { o1Tanh } from './tanh.js';
import type { NetworkConfig } from './network.js';
import type { OptState } from '../optimizers/types.js';

/** Adam's second-moment decay and ε, fixed for the rule (not config keys: files stay unchanged). */
export const NORMALIZED_BETA2 = 0.999;
export const NORMALIZED_EPS = 1e-8;
/** ln(s / initStep) is kept within these bounds so a long run of accelerations cannot overflow. */
export const LOG_STEP_MIN = -40;
export const LOG_STEP_MAX = 20;
export const V3_FEATURES = 8;

/** The normalized rule's feature sets: v3 (shipped) and the experimental sets that add inputs
 *  after v3's eight (so a v3 network is a prefix of theirs: docs/O1.md). */
export type NormalizedFeatureSet = 'v3' | 'v3-progress' | 'v3-progress-noise';
export const NORMALIZED_FEATURE_SETS: readonly NormalizedFeatureSet[] = ['v3', 'v3-progress', 'v3-progress-noise'];

/** What an experimental set adds to v3: the straightness input (index 8) and the slow
 *  signal-to-noise input (index 9). */
export function normalizedExtras(set: NormalizedFeatureSet): { progress: boolean; noise: boolean } {
  return { progress: set !== 'v3', noise: set === 'v3-progress-noise' };
}

/** Inputs of the network for a normalized feature set. */
export function normalizedFeatureCount(set: NormalizedFeatureSet): number {
  const { progress, noise } = normalizedExtras(set);
  return V3_FEATURES + (progress ? 1 : 0) + (noise ? 1 : 0);
}

/** The slow momentum of the noise input (m_slow ← β_slow·m_slow + g). */
export const SLOW_BETA = 0.99;

export interface NormalizedState extends OptState {
  t: number;
  m: Float64Array;
  v: Float64Array;
  /** ln(s_i / initStep), per coordinate. */
  logStep: Float64Array;
  /** The lr of the last step per coordinate: s_i / (√v̂_i + ε) · (1−β)/(1−β^(t+1)). */
  lr: Float64Array;
  /** ‖g‖ of the previous step (0 before the first). */
  prevGradNorm: number;
  /** Unit of the step lengths, initStep·rms(x₀) (set at the first step; with the 'distance'
   *  unit, initStep·max(b, D) of the current step). */
  stepUnit: number;
  features: Float64Array;
  netScratch: Float64Array;
}

/** The state with the 'distance' unit: also the start x₀, b = rms(x₀) (1 when it is 0 or not
 *  finite) and D, the largest rms(x_t − x₀) so far. (The 'start' unit's state has none of these
 *  keys, so its checkpoints are unchanged.) */
export interface NormalizedDistanceState extends NormalizedState {
  x0: Float64Array;
  unitBase: number;
  maxDistance: number;
}

/** The experimental sets' state: also x₀ (in NormalizedDistanceState, kept under either unit),
 *  the path length Σ_s rms(x_{s+1} − x_s) so far, and the slow momentum (empty without the
 *  noise input). */
export interface NormalizedExtendedState extends NormalizedDistanceState {
  pathLength: number;
  mSlow: Float64Array;
}

export interface NormalizedParams {
  net: NetworkConfig;
  params: Float64Array;
  beta: number;
  logLrMin: number;
  logLrMax: number;
  initStep: number;
  /** Keep every coordinate's features of the last step (n × 8) instead of one scratch row. */
  record: boolean;
  /** The 'distance' step unit (config stepUnit): u_t = initStep·max(b, D_t). */
  distanceUnit: boolean;
  /** The straightness input (feature 8) and the slow signal-to-noise input (feature 9):
   *  normalizedExtras of the config's feature set; both false for v3. */
  progress: boolean;
  noise: boolean;
  /** The network's input count (normalizedFeatureCount): the stride of recorded features. */
  featureCount: number;
}

/** Below this, Σx² may have lost x's scale to underflow (x_i² of |x_i| < 1e-154 are subnormal
 *  or 0), so startRms rescales; every start of ordinary size stays on the plain formula. */
export const RMS_PLAIN_MIN = 1e-290;

/** rms(x) = √(Σx_i² / n). A start so small (or so large) that Σx² under- or overflows is measured
 *  as M·√(Σ(x_i/M)² / n), M = max|x_i|: a tiny start gets a tiny step unit instead of initStep
 *  (which would throw it far out of its own scale), a huge one a huge unit instead of Inf.
 *  With `from`, the rms of x − from (the 'distance' unit's rms(x_t − x₀)), each x_i − from_i
 *  computed once per use, the same operations as startRms of that difference. */
export function startRms(x: Float64Array, from?: Float64Array): number {
  const n = x.length;
  const at = from ? (i: number) => x[i] - from[i] : (i: number) => x[i];
  let xx = 0;
  for (let i = 0; i < n; i++) {
    const xi = at(i);
    xx += xi * xi;
  }
  if (xx >= RMS_PLAIN_MIN && xx < Infinity) return Math.sqrt(xx / n);
  let M = 0;
  for (let i = 0; i < n; i++) M = Math.max(M, Math.abs(at(i)));
  if (!(M > 0 && M < Infinity)) return Math.sqrt(xx / n);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const y = at(i) / M;
    yy += y * y;
  }
  return M * Math.sqrt(yy / n);
}

/** b of the step unit: rms(x₀) when it is positive and finite, else 1 (so u = initStep). */
export function unitBase(rms: number): number {
  return rms > 0 && Number.isFinite(rms) ? rms : 1;
}

/** The 'distance' unit's D ← max(D, dist) and max(b, D), written as comparisons so that a NaN
 *  distance (a run that diverged) keeps D, and every engine does the same. */
export function grownDistance(D: number, dist: number): number {
  return dist > D ? dist : D;
}

/** Step t's scalars into out[at .. at+4): the bias corrections bc1 = (1−β)/(1−β^(t+1)) and
 *  bc2 = 1/(1−β₂^(t+1)) and the time features tanh(t/30), tanh(t/300). The kernels get them as
 *  a per-step table built by this very function (src/engine/kernelParams.ts). */
export function stepScalars(beta: number, t: number, out: Float64Array, at: number): void {
  out[at] = (1 - beta) / (1 - Math.pow(beta, t + 1));
  out[at + 1] = 1 / (1 - Math.pow(NORMALIZED_BETA2, t + 1));
  out[at + 2] = Math.tanh(t / 30);
  out[at + 3] = Math.tanh(t / 300);
}

/** q is kept within [2^−500, 2^500] by tanhOfLog: beyond, tanh(ln q) rounds to ±1 anyway. */
export const GROWTH_RATIO_MIN = 2 ** -500;
export const GROWTH_RATIO_MAX = 2 ** 500;

/** tanh(ln q) for q > 0 without ln or tanh: (q² − 1)/(q² + 1), computed as (q − 1)(q + 1)/(q·q + 1)
 *  (q − 1 is exact near 1, so a norm that barely changed keeps full relative accuracy), q clamped
 *  so that q·q cannot overflow. The v3 growth feature; the kernels do the same operations. */
export function tanhOfLog(ratio: number): number {
  const q = ratio < GROWTH_RATIO_MIN ? GROWTH_RATIO_MIN : ratio > GROWTH_RATIO_MAX ? GROWTH_RATIO_MAX : ratio;
  return ((q - 1) * (q + 1)) / (q * q + 1);
}

/** Values per row of that table. */
export const STEP_SCALARS = 4;

/** The noise input's bias correction (1 − β_slow)/(1 − β_slow^(t+1)) at step t: row entry 4 of
 *  the kernels' table for the sets with the noise input (kernelParams.ts o1StepTable). */
export function slowBiasCorrection(t: number): number {
  return (1 - SLOW_BETA) / (1 - Math.pow(SLOW_BETA, t + 1));
}

/** Straightness S = dist / path in [0, 1]: 0 before any move (path = 0, or NaN), 1 when rounding
 *  (or a NaN distance) gives more; comparisons, so every engine does the same. */
export function straightness(dist: number, path: number): number {
  if (!(path > 0)) return 0;
  const q = dist / path;
  return q < 1 ? q : 1;
}

const scalars = new Float64Array(STEP_SCALARS); // normalizedStep's (single-threaded, no allocation per step)

function sign(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** One step of the normalized rule on x (in place), allocation-free. */
export function normalizedStep(p: NormalizedParams, x: Float64Array, g: Float64Array, s: NormalizedState): void {
  const n = x.length;
  const { m, v, logStep, lr, features, netScratch } = s;
  const beta = p.beta;
  const t = s.t;
  // Global features: reductions over the gradient and the previous momentum.
  let gg = 0;
  let mm = 0;
  let gm = 0;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = m[i];
    gg += gi * gi;
    mm += mi * mi;
    gm += gi * mi;
  }
  const gNorm = Math.sqrt(gg);
  const mNorm = Math.sqrt(mm);
  const cosGM = gNorm > 0 && mNorm > 0 ? gm / (gNorm * mNorm) : 0;
  const growth = t > 0 && s.prevGradNorm > 0 && gNorm > 0 ? tanhOfLog(gNorm / s.prevGradNorm) : 0;
  stepScalars(beta, t, scalars, 0);
  const bc1 = scalars[0];
  const bc2 = scalars[1];
  const time1 = scalars[2];
  const time2 = scalars[3];
  s.prevGradNorm = gNorm;
  const keepsStart = p.distanceUnit || p.progress;
  let straight = 0;
  if (t === 0) {
    // initStep·1 = initStep exactly: the same bits as 'initStep when x₀ = 0'
    const b = unitBase(startRms(x));
    s.stepUnit = p.initStep * b;
    if (keepsStart) {
      const sd = s as NormalizedDistanceState;
      sd.x0.set(x);
      sd.unitBase = b;
      sd.maxDistance = 0;
    }
    if (p.progress) (s as NormalizedExtendedState).pathLength = 0;
  } else if (keepsStart) {
    // D₀ = 0 and u₀ = initStep·b, so step 0 needs neither
    const sd = s as NormalizedDistanceState;
    const dist = startRms(x, sd.x0);
    if (p.distanceUnit) {
      const D = grownDistance(sd.maxDistance, dist);
      sd.maxDistance = D;
      const b = sd.unitBase;
      s.stepUnit = p.initStep * (D > b ? D : b);
    }
    if (p.progress) straight = straightness(dist, (s as NormalizedExtendedState).pathLength);
  }
  const unit = s.stepUnit;
  const mSlow = p.noise ? (s as NormalizedExtendedState).mSlow : undefined;
  const bcSlow = p.noise ? slowBiasCorrection(t) : 0;
  const F = p.featureCount;
  let stepSq = 0; // Σ (e^(ln s_i)·d_i)²: this step's length over u, squared and summed
  const lo = p.logLrMin;
  const hi = p.logLrMax;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const agree = sign(gi * m[i]);
    const mi = beta * m[i] + gi;
    m[i] = mi;
    const vi = NORMALIZED_BETA2 * v[i] + (1 - NORMALIZED_BETA2) * gi * gi;
    v[i] = vi;
    const den = Math.sqrt(vi * bc2) + NORMALIZED_EPS;
    const d = (mi * bc1) / den;
    const f = p.record ? i * F : 0;
    features[f] = gi / den;
    features[f + 1] = d;
    features[f + 2] = agree;
    features[f + 3] = o1Tanh(logStep[i] / 4); // o1's tanh, as the network's: cheap in the kernels
    features[f + 4] = cosGM;
    features[f + 5] = growth;
    features[f + 6] = time1;
    features[f + 7] = time2;
    if (p.progress) features[f + 8] = straight;
    if (mSlow) {
      const ms = SLOW_BETA * mSlow[i] + gi;
      mSlow[i] = ms;
      features[f + 9] = Math.abs(ms * bcSlow) / den;
    }
    const o = forwardAt(p.net, p.params, features, f, netScratch);
    // A NaN output maps to logLrMin, the safe brake (as in the other rules).
    const c = o >= lo ? (o <= hi ? o : hi) : lo;
    let ls = logStep[i] + c;
    ls = ls < LOG_STEP_MIN ? LOG_STEP_MIN : ls > LOG_STEP_MAX ? LOG_STEP_MAX : ls;
    logStep[i] = ls;
    const e = Math.exp(ls);
    const step = unit * e;
    lr[i] = (step * bc1) / den;
    x[i] -= step * d;
    if (p.progress) {
      const a = e * d;
      stepSq += a * a;
    }
  }
  // rms(x_{t+1} − x_t) = u·rms(e^(ln s)·d): the unit stays outside the square (no underflow)
  if (p.progress) (s as NormalizedExtendedState).pathLength += unit * Math.sqrt(stepSq / n);
  s.t = t + 1;
}

export function initNormalizedState(
  n: number,
  record: boolean,
  scratch: number,
  distanceUnit = false,
  extras: { progress: boolean; noise: boolean; featureCount: number } = { progress: false, noise: false, featureCount: V3_FEATURES },
): NormalizedState {
  const s: NormalizedState = {
    t: 0,
    m: new Float64Array(n),
    v: new Float64Array(n),
    logStep: new Float64Array(n),
    lr: new Float64Array(n),
    prevGradNorm: 0,
    stepUnit: 0,
    features: new Float64Array(record ? n * extras.featureCount : extras.featureCount),
    netScratch: new Float64Array(scratch),
  };
  if (!distanceUnit && !extras.progress) return s;
  const sd: NormalizedDistanceState = { ...s, x0: new Float64Array(n), unitBase: 0, maxDistance: 0 };
  if (!extras.progress) return sd;
  const se: NormalizedExtendedState = { ...sd, pathLength: 0, mSlow: new Float64Array(extras.noise ? n : 0) };
  return se;
}
