// What a model's config carries (docs/O1.md), one variant per o1 rule: the feature set, the
// window (the window rules), the network's shape, the momentum and the bounds on the network's
// output. validateConfig accepts anything
// (a parsed file's content) so every loader shares one list of rules and messages.
import { FEATURE_SETS, featureCount, isNormalizedFeatureSet, type FeatureSet } from './features.js';
import { NORMALIZED_FEATURE_SETS, type NormalizedFeatureSet } from './normalized.js';
import { ACTIVATIONS, type Activation } from './network.js';

/** What every o1 rule's network carries. */
interface NetworkKeys {
  /** Network layer sizes: [inputs, …hidden, 1] (inputs: the rule's feature count). */
  layers: number[];
  /** One per weight layer (layers.length − 1). */
  activations: Activation[];
  /** Heavy-ball momentum β in [0, 1). */
  beta: number;
  /** The network's output o is clamped to [logLrMin, logLrMax] before it is used. */
  logLrMin: number;
  logLrMax: number;
  /** The first step's size (multiplicative: its move along the largest gradient coordinate;
   *  normalized: Adam's lr before the network adapts it; unused by 'absolute'). */
  initStep: number;
}

/** The window rules (o1.ts): the network reads features of each coordinate's last W gradients.
 *  'absolute' — lr = exp(o), the notebook's rule; 'multiplicative' — lr ← lr·exp(o), a learned
 *  accelerator/brake whose first step's lr is initStep / max|g₀| (invariant to f's scale). */
export interface WindowO1Config extends NetworkKeys {
  features: WindowFeatureSet;
  /** W: gradients kept per coordinate; layers[0] = W + 1. */
  window: number;
  lrMode: WindowLrMode;
}

/** The normalized rule (normalized.ts, docs/O1.md): Adam-normalised momentum direction,
 *  per-coordinate step lengths s_i ← s_i·exp(o) starting at initStep, read from the v3 features.
 *  It keeps no gradient window: a `window` key in a file written before this type existed is
 *  accepted and dropped when the model is read. */
export interface NormalizedO1Config extends NetworkKeys {
  /** v3 (8 inputs), or an experimental set that adds inputs after v3's (docs/O1.md). */
  features: NormalizedFeatureSet;
  lrMode: 'normalized';
  /** The step unit (docs/O1.md, "The step unit"): 'start' (absent = 'start'), u = initStep·rms(x₀);
   *  'distance', u_t = initStep·max(rms(x₀), the largest rms(x_s − x₀) so far), a unit that
   *  grows with the distance moved, so a start far below the solution's scale does not stall.
   *  Written to a file only when 'distance', so every model before it keeps its bytes. */
  stepUnit?: StepUnit;
}

/** The normalized rule's step units. */
export type StepUnit = 'start' | 'distance';
export const STEP_UNITS: readonly StepUnit[] = ['start', 'distance'];

/** An o1 model's config: one variant per rule, told apart by `lrMode`. */
export type O1Config = WindowO1Config | NormalizedO1Config;

export type WindowFeatureSet = Exclude<FeatureSet, NormalizedFeatureSet>;
export type WindowLrMode = 'absolute' | 'multiplicative';
export type LrMode = O1Config['lrMode'];
export const LR_MODES: readonly LrMode[] = ['absolute', 'multiplicative', 'normalized'];

/** True for the normalized rule's config (the one rule without a gradient window). */
export function isNormalizedConfig(cfg: Readonly<O1Config>): cfg is NormalizedO1Config {
  return cfg.lrMode === 'normalized';
}

/** Config keys in their canonical (file) order; the normalized rule has every one but `window`
 *  (and, optional, `stepUnit` after them). */
export const O1_CONFIG_KEYS = ['features', 'window', 'layers', 'activations', 'beta', 'logLrMin', 'logLrMax', 'lrMode', 'initStep'] as const;

// Caps that keep a hostile or mistyped file from allocating gigabytes; far above any real o1.
export const MAX_WINDOW = 1024;
export const MAX_LAYER_SIZE = 4096;
export const MAX_LAYERS = 64;
// exp of a bound must stay a positive finite lr: exp(±700) does, exp(±746) would not.
export const MAX_ABS_LOG_LR = 700;

/** The default o1: v2 features, W = 5, network [6, 8, 1] tanh → identity, β = 0.9,
 *  lr ∈ [e^-12, 1]. Frozen (arrays too): copy it with defaultO1Config() to change it. */
export const DEFAULT_O1_CONFIG: Readonly<WindowO1Config> = Object.freeze({
  features: 'v2',
  window: 5,
  layers: Object.freeze([6, 8, 1]) as number[],
  activations: Object.freeze(['tanh', 'identity']) as Activation[],
  beta: 0.9,
  logLrMin: -12,
  logLrMax: 0,
  lrMode: 'absolute',
  initStep: 0.01,
});

/** A fresh, mutable copy of the default config. */
export function defaultO1Config(): WindowO1Config {
  return copyConfig(DEFAULT_O1_CONFIG);
}

/** A deep copy with the rule's keys in canonical order (stable serialisation); a normalized
 *  config loses a legacy `window`. */
export function copyConfig(cfg: Readonly<WindowO1Config>): WindowO1Config;
export function copyConfig(cfg: Readonly<O1Config>): O1Config;
export function copyConfig(config: Readonly<O1Config>): O1Config {
  const cfg = config as O1Config;
  const net = { layers: [...cfg.layers], activations: [...cfg.activations], beta: cfg.beta, logLrMin: cfg.logLrMin, logLrMax: cfg.logLrMax };
  if (cfg.lrMode === 'normalized') {
    const normalized: NormalizedO1Config = { features: cfg.features, ...net, lrMode: cfg.lrMode, initStep: cfg.initStep };
    // 'start' is the default: left out, so a model without the key keeps its bytes
    if (cfg.stepUnit === 'distance') normalized.stepUnit = 'distance';
    return normalized;
  }
  return { features: cfg.features, window: cfg.window, ...net, lrMode: cfg.lrMode, initStep: cfg.initStep };
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function show(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return String(v);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return String(v);
  }
}

/** Every problem with `cfg` as a list of messages (empty when it is a valid O1Config). */
export function validateConfig(cfg: unknown): string[] {
  if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) return [`config must be an object, got ${show(cfg)}`];
  const c = cfg as Record<string, unknown>;
  const problems: string[] = [];
  // The normalized rule keeps no window; a file's legacy `window` is still checked, then dropped.
  const required = c.lrMode === 'normalized' ? O1_CONFIG_KEYS.filter((k) => k !== 'window') : O1_CONFIG_KEYS;
  const missing = required.filter((k) => c[k] === undefined);
  if (missing.length) problems.push(`config is missing ${missing.map((k) => `"${k}"`).join(', ')}`);

  if (c.features !== undefined && !FEATURE_SETS.includes(c.features as FeatureSet))
    problems.push(`"features" must be one of ${FEATURE_SETS.join(', ')}, got ${show(c.features)}`);

  let windowOk = false;
  if (c.window !== undefined) {
    if (!Number.isInteger(c.window) || (c.window as number) < 1 || (c.window as number) > MAX_WINDOW)
      problems.push(`"window" must be a whole number in [1, ${MAX_WINDOW}], got ${show(c.window)}`);
    else windowOk = true;
  }

  let layersOk = false;
  if (c.layers !== undefined) {
    const L = c.layers;
    if (!Array.isArray(L) || L.length < 2 || L.length > MAX_LAYERS)
      problems.push(`"layers" must be a list of 2 to ${MAX_LAYERS} layer sizes, got ${show(L)}`);
    else if (!L.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_LAYER_SIZE))
      problems.push(`"layers" must hold whole numbers in [1, ${MAX_LAYER_SIZE}], got ${show(L)}`);
    else {
      layersOk = true;
      const set = FEATURE_SETS.includes(c.features as FeatureSet) ? (c.features as FeatureSet) : 'v2';
      const normalizedSet = isNormalizedFeatureSet(set);
      if (windowOk && !normalizedSet && L[0] !== (c.window as number) + 1)
        problems.push(`the first layer must have window + 1 = ${(c.window as number) + 1} inputs, got layers ${show(L)}`);
      if (normalizedSet && L[0] !== featureCount(0, set))
        problems.push(`features ${set} need a first layer of ${featureCount(0, set)} inputs, got layers ${show(L)}`);
      if (L[L.length - 1] !== 1) problems.push(`the last layer must have 1 output (the log-lr), got layers ${show(L)}`);
    }
  }

  if (c.activations !== undefined) {
    const A = c.activations;
    if (!Array.isArray(A)) problems.push(`"activations" must be a list, got ${show(A)}`);
    else {
      const bad = A.filter((a) => !ACTIVATIONS.includes(a as Activation));
      if (bad.length) problems.push(`unknown activation ${show(bad[0])} (use ${ACTIVATIONS.join(', ')})`);
      if (layersOk && A.length !== (c.layers as number[]).length - 1)
        problems.push(`${(c.layers as number[]).length} layers need ${(c.layers as number[]).length - 1} activations, got ${A.length}`);
    }
  }

  if (c.beta !== undefined && !(isFiniteNumber(c.beta) && c.beta >= 0 && c.beta < 1))
    problems.push(`"beta" must be a number with 0 ≤ beta < 1, got ${show(c.beta)}`);

  for (const k of ['logLrMin', 'logLrMax'] as const) {
    const v = c[k];
    if (v !== undefined && !(isFiniteNumber(v) && Math.abs(v) <= MAX_ABS_LOG_LR))
      problems.push(`"${k}" must be a number in [-${MAX_ABS_LOG_LR}, ${MAX_ABS_LOG_LR}], got ${show(v)}`);
  }
  if (c.lrMode !== undefined && !LR_MODES.includes(c.lrMode as LrMode))
    problems.push(`"lrMode" must be one of ${LR_MODES.join(', ')}, got ${show(c.lrMode)}`);
  if (c.initStep !== undefined && !(isFiniteNumber(c.initStep) && c.initStep > 0))
    problems.push(`"initStep" must be a positive number, got ${show(c.initStep)}`);
  if (c.stepUnit !== undefined) {
    if (c.lrMode !== 'normalized') problems.push(`"stepUnit" is a key of lrMode normalized only, got it with lrMode ${show(c.lrMode)} (remove it)`);
    else if (!STEP_UNITS.includes(c.stepUnit as StepUnit))
      problems.push(`"stepUnit" must be one of ${STEP_UNITS.join(', ')} (or absent, = start), got ${show(c.stepUnit)}`);
  }
  if (isNormalizedFeatureSet(c.features) !== (c.lrMode === 'normalized') && c.features !== undefined && c.lrMode !== undefined)
    problems.push(
      `features ${NORMALIZED_FEATURE_SETS.join(', ')} and lrMode normalized go together (they read the normalized rule's moments), got features ${show(c.features)} with lrMode ${show(c.lrMode)}`,
    );
  if (isFiniteNumber(c.logLrMin) && isFiniteNumber(c.logLrMax) && !(c.logLrMin < c.logLrMax))
    problems.push(`"logLrMin" must be below "logLrMax", got ${show(c.logLrMin)} ≥ ${show(c.logLrMax)}`);
  return problems;
}
