// The model a step-API o1 runs when none is given: the package's models/default.json. Read with
// process.getBuiltinModule (Node ≥ 20.16), so this module imports nothing Node-only and stays
// loadable in browsers, where the caller passes the model (a bundler can inline the file).
import { InputError } from '../errors.js';
import { parseModelJson } from '../model/json.js';
import type { O1Model } from '../o1/o1.js';

type GetBuiltin = (id: string) => unknown;

// From src/api/ (tests) and dist/src/api/ (the built package) to the package root. Held in a
// variable so bundlers do not turn `new URL(literal, import.meta.url)` into an asset.
const CANDIDATES = ['../../models/default.json', '../../../models/default.json'];

export function shippedDefaultModel(): O1Model {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: GetBuiltin } }).process?.getBuiltinModule;
  if (typeof getBuiltin !== 'function')
    throw new InputError('createO1Optimizer: no model given, and outside Node the package\'s models/default.json cannot be read — pass { model } (parse a model file with parseModelJson)');
  const fs = getBuiltin('node:fs') as typeof import('node:fs');
  const { fileURLToPath } = getBuiltin('node:url') as typeof import('node:url');
  for (const rel of CANDIDATES) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (fs.existsSync(path)) return parseModelJson(fs.readFileSync(path, 'utf8'), path);
  }
  throw new InputError('createO1Optimizer: no model given and the package has no models/default.json — pass { model } (train one with `o1 train`)');
}
