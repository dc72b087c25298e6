// --opt NAME plus hyper-parameter flags (or --model for o1) → a ready Stepper.
import { UsageError } from './errors.js';
import { parseNumber } from './parse.js';
import { OPTIMIZERS, getOptimizer, resolveHyper } from '../optimizers/index.js';
import type { Hyper, Stepper } from '../optimizers/types.js';
import type { BatchOptimizer } from '../engine/types.js';
import { closeMatches } from '../util/closeMatches.js';
import { resolveModel } from '../model/resolve.js';
import { createO1Stepper, type O1Model } from '../o1/o1.js';

const ALL_HYPER = new Set(OPTIMIZERS.flatMap((o) => o.hyper.map((h) => h.name)));

/** The hyper-parameter flags the user actually gave, parsed as numbers. */
export function givenHyper(opts: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(opts)) if (ALL_HYPER.has(k) && typeof v === 'string') out[k] = parseNumber(`--${k}`, v);
  return out;
}

export function optimizerNames(): string[] {
  return ['o1', ...OPTIMIZERS.map((o) => o.name)];
}

/** Every hyper-parameter name of every optimizer (one flag each on the command line). */
export const HYPER_NAMES: readonly string[] = [...ALL_HYPER];

/** An optimizer name and its hyper-parameters → what the engines run. One set of rules and
 *  messages for every command: o1 takes none (its model is its behaviour), unknown names get
 *  suggestions, bad values name the optimizer. `given` must hold only this optimizer's names
 *  when the caller wants unknown ones reported. */
export function resolveBatchOptimizer(optName: string, given: Record<string, number>, model: () => O1Model): BatchOptimizer {
  if (optName === 'o1') {
    const extra = Object.keys(given);
    if (extra.length) throw new UsageError(`o1 takes no hyper-parameters (got ${extra.join(', ')}); its behaviour is its model (--model)`);
    return { kind: 'o1', model: model() };
  }
  const spec = getOptimizer(optName);
  if (!spec) {
    const near = closeMatches(optName, optimizerNames());
    throw new UsageError(`unknown optimizer '${optName}'${near.length ? ` — did you mean ${near.join(', ')}?` : ''} (\`o1 optimizers\` lists them)`);
  }
  try {
    return { kind: 'baseline', spec, hyper: resolveHyper(spec, given) };
  } catch (e) {
    throw new UsageError(`--opt ${spec.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function makeStepper(
  optName: string,
  opts: Record<string, unknown>,
  modelRef?: string,
): { stepper: Stepper; name: string; hyper: Hyper; batchOptimizer: BatchOptimizer } {
  if (optName !== 'o1' && modelRef !== undefined) throw new UsageError(`--model only applies to --opt o1 (got --opt ${optName})`);
  const batchOptimizer = resolveBatchOptimizer(optName, givenHyper(opts), () => resolveModel(modelRef));
  if (batchOptimizer.kind === 'o1') return { stepper: createO1Stepper(batchOptimizer.model), name: 'o1', hyper: {}, batchOptimizer };
  const { spec, hyper } = batchOptimizer;
  return { stepper: spec.create(hyper), name: spec.name, hyper, batchOptimizer };
}
