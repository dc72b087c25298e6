// --opt NAME[:k=v…] plus hyper-parameter flags (or --model for o1) → what the engines run. The
// text form is the shared codec's (src/optimizers/codec.ts); this file adds the flags.
import { Option } from 'commander';
import { UsageError } from './errors.js';
import { OPTIMIZERS, configureOptimizer, createStepper, hyperOf } from '../optimizers/index.js';
import { type HyperText, type OptimizerChoice, acceptsListFlag, canonicalChoice, lookupOptimizer, splitOptimizer } from '../optimizers/codec.js';
import type { Hyper, Stepper } from '../optimizers/types.js';
import type { BatchOptimizer } from '../engine/types.js';
import { resolveModel } from '../model/resolve.js';
import { o1Spec, type O1Model } from '../o1/o1.js';

/** PyTorch spellings that are flags too, beside every registry hyper-parameter name. */
const PYTORCH_FLAGS: readonly { name: string; arg: string; description: string }[] = [
  { name: 'betas', arg: '<b1,b2>', description: "Adam-style decays as PyTorch's tuple, e.g. --betas 0.9,0.999 (beta1, beta2)" },
  { name: 'nesterov', arg: '[true|false]', description: "sgd/momentum: Nesterov momentum (selects the 'nesterov' rule), as torch.optim.SGD(nesterov=True)" },
];

const REGISTRY_HYPER = new Map<string, string>();
// The baselines' descriptions first (lr reads as theirs), then o1's own knobs (max_growth).
for (const o of [...OPTIMIZERS, o1Spec]) for (const h of o.hyper) if (!REGISTRY_HYPER.has(h.name)) REGISTRY_HYPER.set(h.name, h.description);

/** Every hyper-parameter flag name (registry names and the PyTorch spellings). */
export const HYPER_NAMES: readonly string[] = [...REGISTRY_HYPER.keys(), ...PYTORCH_FLAGS.map((f) => f.name)];

/** commander keys are camelCase; hyper-parameter names are snake_case and stay as typed. */
function flagValue(opts: Record<string, unknown>, name: string): string | undefined {
  const v = opts[name];
  if (v === true) return 'true';
  return typeof v === 'string' ? v : undefined;
}

/** The hyper-parameters torch.optim (1.13) has: its keyword arguments in the rules that follow
 *  it, and the parts of its tuples (betas, etas, step_sizes). The others (DoG's, Prodigy's,
 *  schedule-free's, the hypergradient ones, the cosine schedule's) are not PyTorch names. */
const TORCH_OPTIM_HYPER: ReadonlySet<string> = new Set([
  'lr', 'weight_decay', 'eps', 'momentum', 'dampening', 'nesterov', 'betas', 'beta1', 'beta2', 'amsgrad',
  'lr_decay', 'initial_accumulator_value', 'alpha', 'centered', 'momentum_decay', 'etaminus', 'etaplus',
  'step_size_min', 'step_size_max',
]);

/** Whether torch.optim has this hyper-parameter (so the flag is a PyTorch name). */
export function isPytorchHyper(name: string): boolean {
  return TORCH_OPTIM_HYPER.has(name);
}

/** A 0/1 registry description ("1: x; 0: y") as the flag reads it: true|false. */
function booleanDescription(desc: string): string {
  return desc.replace(/^1: /, 'true: ').replace(/; 0: /, '; false: ');
}

/** The help heading of the hyper-parameter flags: after the command's own options, not among them. */
export const HYPER_HELP_GROUP = 'Hyper-parameters (`o1 optimizers` lists which optimizer has which):';

/** o1's lr is not a learning rate but a multiplier of its step unit (src/o1/knobs.ts). */
const O1_LR_NOTE = "; for o1, a multiplier of its step unit (default 1 = the model's own; viz: --opt o1:lr=V)";

/** One option per hyper-parameter name; `scope` says whom the flag applies to. */
export function hyperOptions(scope: (name: string) => string): Option[] {
  const booleans = new Set(OPTIMIZERS.flatMap((o) => o.hyper.filter((h) => h.integer && h.min === 0 && h.max === 1).map((h) => h.name)));
  return [
    ...[...REGISTRY_HYPER].map(([name, desc]) =>
      booleans.has(name) ? new Option(`--${name} <true|false>`, `${booleanDescription(desc)} (${scope(name)})`) : new Option(`--${name} <value>`, `${desc}${name === 'lr' ? O1_LR_NOTE : ''} (${scope(name)})`),
    ),
    ...PYTORCH_FLAGS.map((f) => new Option(`--${f.name} ${f.arg}`, `${f.description} (${scope(f.name)})`)),
  ].map((o) => o.helpGroup(HYPER_HELP_GROUP));
}

/** The hyper-parameter flags the user gave, as texts labelled with their flag. */
export function givenHyperFlags(opts: Record<string, unknown>): HyperText[] {
  const out: HyperText[] = [];
  for (const name of HYPER_NAMES) {
    const v = flagValue(opts, name);
    if (v !== undefined) out.push([name, v, `--${name}`]);
  }
  return out;
}

/** A parsed choice → what the engines run: ranges checked, messages naming the optimizer.
 *  `model` is called only when the rule is made from one. */
export function resolveChoice(choice: OptimizerChoice, model: () => O1Model): BatchOptimizer {
  const spec = lookupOptimizer(choice.name);
  let modelFailure: { error: unknown } | undefined;
  const loadModel = (): O1Model => {
    try {
      return model();
    } catch (error) {
      modelFailure = { error };
      throw error;
    }
  };
  try {
    return configureOptimizer(spec, choice.hyper, loadModel);
  } catch (e) {
    if (modelFailure) throw modelFailure.error; // the model's own message, as it was
    throw new UsageError(`--opt ${spec.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `o1 run`'s one optimizer: --opt ITEM (codec form) with the hyper-parameter flags merged in;
 *  every flag must belong to it, --model only to a rule made from a model. */
export function makeStepper(
  optText: string,
  opts: Record<string, unknown>,
  modelRef?: string,
): { stepper: Stepper; name: string; hyper: Hyper; batchOptimizer: BatchOptimizer } {
  const item = splitOptimizer(optText);
  const choice = canonicalChoice(item.name, [...givenHyperFlags(opts), ...item.pairs]);
  let modelUsed = false;
  const batchOptimizer = resolveChoice(choice, () => {
    modelUsed = true;
    return resolveModel(modelRef);
  });
  if (modelRef !== undefined && !modelUsed) throw new UsageError(`--model only applies to --opt o1 (got --opt ${choice.name})`);
  return { stepper: createStepper(batchOptimizer), name: choice.name, hyper: hyperOf(batchOptimizer), batchOptimizer };
}

/** `o1 viz`'s global flags: the ones `spec` accepts (each flag must fit at least one listed). */
export function flagsFor(name: string, flags: readonly HyperText[]): HyperText[] {
  const spec = lookupOptimizer(name);
  // A global --lr is the baselines' learning rate, never o1's multiplier (codec.ts).
  return flags.filter(([k]) => acceptsListFlag(spec, k));
}
