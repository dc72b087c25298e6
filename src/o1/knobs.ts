// o1's user knobs (docs/O1.md, "Knobs"): PyTorch-style names, mapped onto the model's own config
// fields — the ones every engine already reads (the TS reference, the WASM kernels, the step API,
// TF.js, the Python port) — so each knob acts the same on every path and needs no kernel of its
// own. With the defaults the model is returned unchanged (the same bits as without knobs).
//   lr          multiplies the model's step unit, initStep: lr = 0.5 halves the first step and
//               the unit every later step is measured in (normalized rule: steps are u·e^(level),
//               u ∝ initStep, the level read by the network relative to u; multiplicative rule:
//               its first move, min(initStep, max|x₀|), is initStep·lr unless the start is nearer).
//   max_growth  caps the factor by which o1 may lengthen a step in one step: the network's output
//               bound logLrMax becomes min(logLrMax, ln max_growth). max_growth = 1: a step never
//               grows beyond the first (lr × the model's unit), a hard cap on the step length.
import { InputError } from '../errors.js';
import type { HyperParam } from '../optimizers/types.js';
import { copyConfig } from './config.js';
import type { O1Model } from './o1.js';

export interface O1Knobs {
  lr?: number;
  max_growth?: number;
}

export const O1_KNOBS: readonly HyperParam[] = [
  { name: 'lr', default: 1, min: 1e-6, max: 1e6, description: "multiplies o1's step unit (the model's initStep): 0.5 halves the first step and the unit of every later one; default 1 = the model's own" },
  { name: 'max_growth', default: Infinity, min: 1, allowInfinity: true, description: "cap on the factor by which o1 lengthens a step in one step (1: never beyond the first step); default none = the model's own bound" },
];

const KNOB_NAMES = O1_KNOBS.map((k) => k.name);

/** Every problem with the given knobs (unknown names, non-numbers, out of range). */
export function knobProblems(knobs: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, v] of Object.entries(knobs)) {
    if (v === undefined) continue;
    const spec = O1_KNOBS.find((k) => k.name === name);
    if (!spec) {
      problems.push(`unknown o1 knob '${name}' (valid: ${KNOB_NAMES.join(', ')})`);
      continue;
    }
    const ok = typeof v === 'number' && (Number.isFinite(v) || (spec.allowInfinity === true && v === Infinity));
    if (!ok || (v as number) < (spec.min ?? -Infinity) || (v as number) > (spec.max ?? Infinity))
      problems.push(`${name} must be a number in [${spec.min}, ${spec.allowInfinity ? '∞' : spec.max}], got ${typeof v === 'number' ? v : JSON.stringify(v)}`);
  }
  return problems;
}

/** True when no knob differs from its default. */
export function knobsAreDefault(knobs: O1Knobs): boolean {
  return (knobs.lr === undefined || knobs.lr === 1) && (knobs.max_growth === undefined || knobs.max_growth === Infinity);
}

/** `model` with the knobs mapped onto its config (a new model; `model` itself unchanged), or
 *  `model` itself when every knob is at its default. Throws one InputError for a bad knob or a
 *  model whose rule has no step unit to scale ('absolute': the network sets lr directly). */
export function withKnobs(model: O1Model, knobs: O1Knobs, who = 'o1'): O1Model {
  const problems = knobProblems(knobs as Record<string, unknown>);
  if (problems.length) throw new InputError(`${who}: ${problems.join('; ')}`);
  if (knobsAreDefault(knobs)) return model;
  const cfg = copyConfig(model.config);
  if (cfg.lrMode === 'absolute')
    throw new InputError(`${who}: this model's rule ('absolute', o1 v1) sets lr directly from its network, so it has no step unit for lr or max_growth — they apply to the 'multiplicative' and 'normalized' rules (every shipped model since v2)`);
  if (knobs.lr !== undefined && knobs.lr !== 1) cfg.initStep = cfg.initStep * knobs.lr;
  if (knobs.max_growth !== undefined && knobs.max_growth !== Infinity) cfg.logLrMax = Math.min(cfg.logLrMax, Math.log(knobs.max_growth));
  // The network's lower bound stays below the new upper one: max_growth ≥ 1 gives logLrMax ≥ 0,
  // and a lower bound above 0 would be a model that only ever lengthens its steps.
  if (cfg.logLrMin > cfg.logLrMax) cfg.logLrMin = cfg.logLrMax;
  return { ...model, config: cfg, weights: model.weights };
}
