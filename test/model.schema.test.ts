// docs/model.schema.json against the model files and the TS loader (docs/MODEL_FORMAT.md): every
// models/*.json is valid under the schema (checked with ajv, a JSON Schema validator), and on a
// list of accepted and rejected files the loader and the schema agree — except on the rules
// between keys that JSON Schema cannot state (first layer vs window, last layer, activation
// count, weight count, logLrMin < logLrMax), where the schema accepts and the loader rejects.
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { parseModelJson } from '../src/model/json.js';

const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'docs', 'model.schema.json'), 'utf8'));
// strictTuples off: the v3 rule pins layers[0] with a one-entry tuple ("items": [{ "const": 8 }]).
const validate = new Ajv({ strict: true, strictTuples: false, allErrors: true }).compile(schema);

const modelFiles = readdirSync(join(PACKAGE_ROOT, 'models')).filter((f) => f.endsWith('.json'));
const read = (f: string) => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'models', f), 'utf8'));

function loads(doc: unknown): boolean {
  try {
    parseModelJson(JSON.stringify(doc), 'case.json');
    return true;
  } catch {
    return false;
  }
}

type Doc = Record<string, any>;
const v2 = (): Doc => read('generalist-v2.json');
const v3 = (): Doc => read('default.json');
function withConfig(base: Doc, cfg: Record<string, unknown>): Doc {
  for (const [k, v] of Object.entries(cfg)) {
    if (v === undefined) delete base.config[k];
    else base.config[k] = v;
  }
  return base;
}
function withTop(base: Doc, top: Record<string, unknown>): Doc {
  for (const [k, v] of Object.entries(top)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

// [name, document, the loader accepts it, a rule between keys the schema cannot state]
const CASES: [string, Doc, boolean, boolean][] = [
  ['shipped v2', v2(), true, false],
  ['shipped v3', v3(), true, false],
  ['v3 without window (the normalized rule keeps none)', withConfig(v3(), { window: undefined }), true, false],
  ['v2 without window', withConfig(v2(), { window: undefined }), false, false],
  ['no name, null provenance', withTop(v2(), { name: undefined, provenance: null }), true, false],
  ['unknown keys are ignored', withConfig(withTop(v2(), { extra: 1 }), { note: 'x' }), true, false],
  ['v1 absolute relu', withConfig(v2(), { features: 'v1', lrMode: 'absolute', activations: ['relu', 'identity'] }), true, false],
  ['window 5.0 is whole', withConfig(v2(), { window: 5.0 }), true, false],
  ['version 1.0', withTop(v2(), { version: 1.0 }), true, false],
  ['missing format', withTop(v2(), { format: undefined }), false, false],
  ['other format', withTop(v2(), { format: 'keras' }), false, false],
  ['version 2', withTop(v2(), { version: 2 }), false, false],
  ['missing config', withTop(v2(), { config: undefined }), false, false],
  ['weights not a list', withTop(v2(), { weights: 'abc' }), false, false],
  ['a weight is a string', withTop(v2(), { weights: [...v2().weights.slice(1), '1'] }), false, false],
  ['name not a string', withTop(v2(), { name: 3 }), false, false],
  ['provenance a list', withTop(v2(), { provenance: [1] }), false, false],
  ['features v9', withConfig(v2(), { features: 'v9' }), false, false],
  ['missing beta', withConfig(v2(), { beta: undefined }), false, false],
  ['beta 1', withConfig(v2(), { beta: 1 }), false, false],
  ['beta negative', withConfig(v2(), { beta: -0.1 }), false, false],
  ['window 0', withConfig(v2(), { window: 0 }), false, false],
  ['window 5.5', withConfig(v2(), { window: 5.5 }), false, false],
  ['window 2000', withConfig(v2(), { window: 2000 }), false, false],
  ['one layer', withConfig(v2(), { layers: [6] }), false, false],
  ['layer of 0', withConfig(v2(), { layers: [6, 0, 1] }), false, false],
  ['unknown activation', withConfig(v2(), { activations: ['tanh', 'softmax'] }), false, false],
  ['logLrMax 800', withConfig(v2(), { logLrMax: 800 }), false, false],
  ['lrMode sgd', withConfig(v2(), { lrMode: 'sgd' }), false, false],
  ['initStep 0', withConfig(v2(), { initStep: 0 }), false, false],
  ['v3 with multiplicative', withConfig(v3(), { lrMode: 'multiplicative' }), false, false],
  ['normalized with v2', withConfig(v2(), { lrMode: 'normalized' }), false, false],
  ['v3 with 6 inputs', withConfig(v3(), { layers: [6, 8, 1] }), false, false],
  ['v3 with stepUnit distance', withConfig(v3(), { stepUnit: 'distance' }), true, false],
  ['v3 with stepUnit start', withConfig(v3(), { stepUnit: 'start' }), true, false],
  ['v3 with stepUnit far', withConfig(v3(), { stepUnit: 'far' }), false, false],
  ['v2 with stepUnit distance', withConfig(v2(), { stepUnit: 'distance' }), false, false],
  // the experimental sets after v3 (docs/O1.md): 9 and 10 inputs, the normalized rule only
  ['v3-progress, 9 inputs', withConfig(withTop(v3(), { weights: Array(89).fill(0.1) }), { features: 'v3-progress', layers: [9, 8, 1] }), true, false],
  ['v3-progress-noise, 10 inputs', withConfig(withTop(v3(), { weights: Array(97).fill(0.1) }), { features: 'v3-progress-noise', layers: [10, 8, 1] }), true, false],
  ['v3-progress with 8 inputs', withConfig(v3(), { features: 'v3-progress' }), false, false],
  ['v3-progress-noise with 9 inputs', withConfig(withTop(v3(), { weights: Array(89).fill(0.1) }), { features: 'v3-progress-noise', layers: [9, 8, 1] }), false, false],
  ['v3-progress with multiplicative', withConfig(withTop(v3(), { weights: Array(89).fill(0.1) }), { features: 'v3-progress', layers: [9, 8, 1], lrMode: 'multiplicative', window: 5 }), false, false],
  // rules between keys: the schema accepts, the loaders reject
  ['first layer is not window + 1', withConfig(v2(), { window: 4 }), false, true],
  ['last layer 2', withConfig(v2(), { layers: [6, 8, 2] }), false, true],
  ['three activations for two weight layers', withConfig(v2(), { activations: ['tanh', 'tanh', 'identity'] }), false, true],
  ['a weight missing', withTop(v2(), { weights: v2().weights.slice(1) }), false, true],
  ['logLrMin above logLrMax', withConfig(v2(), { logLrMin: 1, logLrMax: 0.5 }), false, true],
];

describe('the model JSON Schema', () => {
  it('accepts every models/*.json', () => {
    expect(modelFiles.length).toBeGreaterThanOrEqual(2);
    for (const f of modelFiles) expect(validate(read(f)), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it.each(CASES)('agrees with the loader: %s', (_name, doc, loaderAccepts, crossField) => {
    expect(loads(doc)).toBe(loaderAccepts);
    expect(validate(doc)).toBe(crossField ? true : loaderAccepts);
  });
});
