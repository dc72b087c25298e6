// The optimizer registry: every rule by name and stable id, plus hyper-parameter validation.
import type { Hyper, HyperParam, OptimizerInfo, OptimizerSpec, Stepper } from './types.js';
import { sgd } from './sgd.js';
import { momentum } from './momentum.js';
import { nesterov } from './nesterov.js';
import { adagrad } from './adagrad.js';
import { rmsprop } from './rmsprop.js';
import { BELOW_ONE, adam } from './adam.js';
import { adamw } from './adamw.js';
import { nadam } from './nadam.js';
import { sgdHd } from './sgdHd.js';
import { adamHd } from './adamHd.js';
import { dog, dogAvg } from './dog.js';
import { o1Spec, type O1Model } from '../o1/o1.js';
import { withKnobs } from '../o1/knobs.js';
import { rprop } from './rprop.js';
import { prodigy } from './prodigy.js';
import { adamwScheduleFree, adamwScheduleFreePaper } from './adamwScheduleFree.js';
import { adamwCosine, momentumCosine } from './cosine.js';
import { lion } from './lion.js';

export type { Hyper, HyperParam, LearnedOptimizerSpec, OptimizerInfo, OptimizerSpec, OptState, Stepper } from './types.js';

/** Classic rules with a tuned lr: torch.optim's semantics, Lion its official code's. */
export const CLASSIC_OPTIMIZERS: readonly OptimizerSpec[] = [sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, nadam, lion];

/** Tuning-free / self-tuning step-size methods a learned lr controller must beat:
 *  hypergradient descent, DoG (and its averaged iterate), Rprop's per-coordinate step sizes,
 *  Prodigy, schedule-free AdamW (the current class and the paper's). */
export const STEP_SIZE_METHODS: readonly OptimizerSpec[] = [
  sgdHd, adamHd, dog, rprop, prodigy, adamwScheduleFree, dogAvg, adamwScheduleFreePaper,
];

/** Classic rules under an lr schedule over the run's horizon: AdamW and SGD with
 *  momentum with linear warmup + cosine decay (total_steps: the run's step count). */
export const SCHEDULED_BASELINES: readonly OptimizerSpec[] = [adamwCosine, momentumCosine];

/** The baselines: every rule made from hyper-parameters alone. Each rule's id is its own, stable
 *  and never reused (the kernels' OPT_<NAME>, `o1 optimizers --json`): a new rule, of any of the
 *  lists above, takes the next id after every id given so far — no list owns a range, so none
 *  has a size limit (before issue 19 the lists had ranges: 1–8 classic, 9–19 step-size, 20 o1,
 *  30–39 scheduled; those ids keep their meaning, test/optimizers.test.ts). o1 is made from a
 *  trained model instead and is listed with these in ALL_OPTIMIZERS. */
export const OPTIMIZERS: readonly OptimizerSpec[] = [
  ...CLASSIC_OPTIMIZERS,
  ...STEP_SIZE_METHODS,
  ...SCHEDULED_BASELINES,
];

/** The optimizer called `name`, or undefined (the CLI turns that into a did-you-mean message). */
export function getOptimizer(name: string): OptimizerSpec | undefined {
  return OPTIMIZERS.find((o) => o.name === name);
}

/** Any rule of the registry: a baseline (made from hyper-parameters) or o1 (made from a model). */
export type AnyOptimizerSpec = OptimizerSpec | typeof o1Spec;

/** Every rule the user can pick, o1 first (id 20, no hyper-parameters: its model is its
 *  behaviour), then the baselines in id order. Listings, the demo's choices, the palette and
 *  name look-ups iterate this; OPTIMIZERS stays the baselines, the rules built from
 *  hyper-parameters alone. */
export const ALL_OPTIMIZERS: readonly AnyOptimizerSpec[] = [o1Spec, ...OPTIMIZERS];

/** True for a rule made from a model (o1). The registry's own question: callers configure a rule
 *  with configureOptimizer and run it with createStepper, whatever it is made from. */
export function isLearned(spec: OptimizerInfo): spec is typeof o1Spec {
  return spec.id === o1Spec.id;
}

/** A rule with what it is made from, ready to run: o1 with its model, or a baseline with its
 *  hyper-parameters (what the engines run; engine/types.ts calls it BatchOptimizer). */
export type ConfiguredOptimizer = { kind: 'o1'; model: O1Model; knobs?: Hyper } | { kind: 'baseline'; spec: OptimizerSpec; hyper: Hyper };

/** `spec` made ready to run from what the user gave: a baseline's hyper-parameters merged over
 *  its defaults and checked (resolveHyper's errors), or the learned rule's model from `model()`
 *  (called for it alone, so a model file is read only when the rule needs one). */
export function configureOptimizer(spec: AnyOptimizerSpec, hyper: Record<string, number>, model: () => O1Model): ConfiguredOptimizer {
  if (isLearned(spec)) {
    // o1's knobs (lr, max_growth) are checked before the model is read, then mapped onto it.
    resolveHyper(spec, hyper);
    const given = Object.keys(hyper).length ? { ...hyper } : undefined;
    const m = model();
    return given ? { kind: 'o1', model: withKnobs(m, given), knobs: given } : { kind: 'o1', model: m };
  }
  return { kind: 'baseline', spec, hyper: resolveHyper(spec, hyper) };
}

/** The stepper of a configured rule (a baseline's hyper-parameters merged over its defaults
 *  again, so a partial set runs as resolveHyper would complete it). */
export function createStepper(o: ConfiguredOptimizer): Stepper {
  return o.kind === 'o1' ? o1Spec.create(o.model) : o.spec.create(resolveHyper(o.spec, o.hyper));
}

/** The hyper-parameters a configured rule runs with (o1: the knobs given, {} for none). */
export function hyperOf(o: ConfiguredOptimizer): Hyper {
  return o.kind === 'o1' ? { ...(o.knobs ?? {}) } : o.hyper;
}

/** Every name `findOptimizer` knows, o1 first. */
export function optimizerNames(): string[] {
  return ALL_OPTIMIZERS.map((o) => o.name);
}

/** The rule called `name`, o1 included, ignoring case (PyTorch's class names `SGD`, `AdamW`,
 *  `RMSprop`, `NAdam` are these names in lower case). */
export function findOptimizer(name: string): AnyOptimizerSpec | undefined {
  const key = name.trim().toLowerCase();
  return ALL_OPTIMIZERS.find((o) => o.name === key);
}

// PyTorch spellings that have no direct counterpart here, with what to use instead.
const RENAMED: Record<string, string> = {
  betas: "PyTorch's betas tuple is split into beta1 and beta2",
  nesterov: "nesterov=true applies to sgd and momentum (it selects the 'nesterov' rule)",
  etas: "PyTorch's etas tuple is split into etaminus and etaplus",
  step_sizes: "PyTorch's step_sizes tuple is split into step_size_min and step_size_max",
};

function formatBound(b: number): string {
  return b === BELOW_ONE ? '1' : String(b);
}

function formatRange(p: HyperParam): string {
  const lo = p.min === undefined ? '(-∞' : `[${formatBound(p.min)}`;
  const hi = p.max === undefined ? '∞)' : p.max === BELOW_ONE ? '1)' : `${formatBound(p.max)}]`;
  return p.integer ? `${lo}, ${hi}, a whole number` : `${lo}, ${hi}`;
}

/** Merges `given` over the spec's defaults. Throws on an unknown name, a non-finite value or a
 *  value outside the parameter's [min, max] (or not a whole number where one is required).
 *  Messages leave out the optimizer's name (callers such as the CLI prefix it), except the
 *  unknown-name one, which lists the valid names. */
export function resolveHyper(spec: OptimizerInfo, given: Record<string, number>): Hyper {
  const known = new Map(spec.hyper.map((p) => [p.name, p]));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const hint = RENAMED[name] ? ` — ${RENAMED[name]}` : '';
      const valid = spec.hyper.map((p) => p.name).join(', ') || '(none)';
      throw new Error(`unknown hyper-parameter '${name}' for ${spec.name}${hint} (valid: ${valid})`);
    }
  }
  const out: Hyper = {};
  for (const p of spec.hyper) {
    const value = Object.hasOwn(given, p.name) ? given[p.name] : p.default;
    const infinite = p.allowInfinity === true && value === Infinity;
    if (typeof value !== 'number' || (!Number.isFinite(value) && !infinite)) {
      throw new Error(`${p.name} must be a finite number, got ${String(value)}`);
    }
    const tooLow = p.min !== undefined && value < p.min;
    const tooHigh = p.max !== undefined && value > p.max;
    if (tooLow || tooHigh || (p.integer && !Number.isInteger(value))) {
      throw new Error(`${p.name} = ${value} is out of range; allowed ${formatRange(p)}`);
    }
    out[p.name] = value;
  }
  return out;
}
