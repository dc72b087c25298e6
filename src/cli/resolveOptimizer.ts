// --opt NAME plus hyper-parameter flags (or --model for o1) → a ready Stepper.
import { UsageError } from './errors.js';
import { parseNumber } from './parse.js';
import { OPTIMIZERS, getOptimizer, resolveHyper } from '../optimizers/index.js';
import type { Hyper, Stepper } from '../optimizers/types.js';
import type { BatchOptimizer } from '../engine/types.js';
import { closeMatches } from '../util/closeMatches.js';
import { resolveModel } from '../model/resolve.js';
import { createO1Stepper } from '../o1/o1.js';

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

export function makeStepper(
  optName: string,
  opts: Record<string, unknown>,
  modelRef?: string,
): { stepper: Stepper; name: string; hyper: Hyper; batchOptimizer: BatchOptimizer } {
  const given = givenHyper(opts);
  if (optName === 'o1') {
    const extra = Object.keys(given);
    if (extra.length) throw new UsageError(`o1 takes no hyper-parameters (got --${extra.join(', --')}); its behaviour is its model (--model)`);
    const model = resolveModel(modelRef);
    return { stepper: createO1Stepper(model), name: 'o1', hyper: {}, batchOptimizer: { kind: 'o1', model } };
  }
  if (modelRef !== undefined) throw new UsageError(`--model only applies to --opt o1 (got --opt ${optName})`);
  const spec = getOptimizer(optName);
  if (!spec) {
    const near = closeMatches(optName, optimizerNames());
    throw new UsageError(`unknown optimizer '${optName}'${near.length ? ` — did you mean ${near.join(', ')}?` : ''} (\`o1 optimizers\` lists them)`);
  }
  let hyper: Hyper;
  try {
    hyper = resolveHyper(spec, given);
  } catch (e) {
    throw new UsageError(`--opt ${spec.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { stepper: spec.create(hyper), name: spec.name, hyper, batchOptimizer: { kind: 'baseline', spec, hyper } };
}
