// --fn / --fn-module / --dims → an Objective, with "did you mean" for unknown names.
import { UsageError } from './errors.js';
import { parseInteger } from './parse.js';
import { MAX_DIMS } from '../util/limits.js';
import { getFunction, functionNames } from '../functions/index.js';
import { closeMatches } from '../util/closeMatches.js';
import { type Objective, objectiveFromFunction } from '../run/objective.js';
import { loadObjectiveModule } from '../run/objectiveModule.js';

export async function resolveObjective(fn?: string, fnModule?: string, dimsText?: string): Promise<Objective> {
  const dims = dimsText === undefined ? undefined : parseInteger('--dims', dimsText, 1, MAX_DIMS);
  if (fn !== undefined && fnModule !== undefined) throw new UsageError('give either --fn or --fn-module, not both');
  if (fnModule !== undefined) return loadObjectiveModule(fnModule, dims);
  if (fn === undefined) throw new UsageError('--fn NAME (see `o1 functions`) or --fn-module PATH is required');
  const spec = getFunction(fn);
  if (!spec) {
    const near = closeMatches(fn, functionNames());
    throw new UsageError(`unknown function '${fn}'${near.length ? ` — did you mean ${near.join(', ')}?` : ''} (\`o1 functions\` lists them)`);
  }
  if (dims !== undefined && !spec.nd && dims !== spec.defaultDims) {
    throw new UsageError(`--dims ${dims}: '${spec.name}' is ${spec.defaultDims}-D only`);
  }
  return objectiveFromFunction(spec, dims ?? spec.defaultDims);
}
