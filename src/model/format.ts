// Shared pieces of the two model file formats (JSON, canonical; text, for people): the error
// every loader throws, exact number formatting, and the one validation that turns parsed parts
// into an O1Model.
import { InputError } from '../errors.js';
import { copyConfig, validateConfig, type O1Config } from '../o1/config.js';
import { paramCount } from '../o1/network.js';
import { validateModel, weightCountProblem, type O1Model } from '../o1/o1.js';

export const MODEL_FORMAT = 'o1-model';
export const MODEL_VERSION = 1;

/** Anything wrong with a model file. The only exception the loaders throw; an InputError, so
 *  the CLI prints it alone (no stack) and exits 2. */
export class ModelFileError extends InputError {
  readonly file: string;
  readonly problem: string;
  constructor(file: string, problem: string) {
    // One line, whatever the problem quotes (V8's JSON messages carry raw newlines of the input).
    const line = oneLine(problem);
    super(`model file '${file}': ${line}`);
    this.name = 'ModelFileError';
    this.file = file;
    this.problem = line;
  }
}

/** Text on one line: runs of line breaks (and the spaces around them) become one space. */
export function oneLine(text: string): string {
  return String(text).replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
}

/** Shortest decimal that parses back to the same double (JS guarantees it), keeping -0. */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

// Plain decimals only: Number() would also take '', '0x1f', ' 1 ', 'Infinity'.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal token → its number, or a problem message. Overflow ('1e999') is not finite. */
export function parseDecimal(token: string): number | string {
  if (!DECIMAL.test(token)) {
    if (/^[+-]?(nan|inf|infinity)$/i.test(token)) return `${token} is not a finite number`;
    return `${JSON.stringify(token.length > 30 ? `${token.slice(0, 27)}...` : token)} is not a number`;
  }
  const v = Number(token);
  return Number.isFinite(v) ? v : `${token} is out of the range of a double`;
}

/** A short, printable excerpt of untrusted text for messages. */
export function excerpt(text: string, max = 40): string {
  const s = text.length > max ? `${text.slice(0, max - 3)}...` : text;
  return JSON.stringify(s);
}

/** A value from a parsed file, shown in a message: strings quoted, anything else as JSON. */
export function showValue(v: unknown, max = 40): string {
  if (typeof v === 'string') return excerpt(v, max);
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/** Where a flat weight index sits, for messages: "layer 2, neuron 3, input 5" or "…bias". */
export function locateWeight(layers: readonly number[], index: number): string {
  let p = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const nIn = layers[l];
    const nOut = layers[l + 1];
    if (index < p + nIn * nOut) {
      const j = index - p;
      return `layer ${l + 1}, neuron ${Math.floor(j / nIn) + 1}, input ${(j % nIn) + 1}`;
    }
    p += nIn * nOut;
    if (index < p + nOut) return `layer ${l + 1}, bias of neuron ${index - p + 1}`;
    p += nOut;
  }
  return `index ${index}`;
}

export interface ModelParts {
  name?: unknown;
  config: unknown;
  weights: ArrayLike<unknown>;
  provenance?: unknown;
}

/** Validates parsed parts and builds the model (config copied in canonical key order).
 *  Throws ModelFileError with the first problem. */
export function buildModel(file: string, parts: ModelParts): O1Model {
  const fail = (problem: string): never => {
    throw new ModelFileError(file, problem);
  };
  const problems = validateConfig(parts.config);
  if (problems.length) fail(problems.join('; '));
  const config = copyConfig(parts.config as O1Config);
  const w = parts.weights;
  if (w.length !== paramCount(config)) fail(weightCountProblem(config.layers, w.length));
  const weights = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      fail(`weight ${i} (${locateWeight(config.layers, i)}) is ${typeof v === 'number' ? String(v) : showValue(v)}, not a finite number`);
    weights[i] = v as number;
  }
  const model: O1Model = { config, weights };
  if (parts.name !== undefined) {
    if (typeof parts.name !== 'string') fail(`"name" must be a string, got ${showValue(parts.name)}`);
    model.name = parts.name as string;
  }
  if (parts.provenance !== undefined && parts.provenance !== null) {
    const p = parts.provenance;
    if (typeof p !== 'object' || Array.isArray(p)) fail(`"provenance" must be a JSON object, got ${showValue(p)}`);
    model.provenance = p as Record<string, unknown>;
  }
  return model;
}

/** Throws ModelFileError if `model` cannot be written as a valid file (the writers call it, so a
 *  file on disk is always loadable). */
export function assertWritable(model: O1Model, file: string): void {
  const problems = validateModel(model);
  if (problems.length) throw new ModelFileError(file, `cannot save an invalid model: ${problems.join('; ')}`);
}

/** JSON with object keys sorted at every depth: the same provenance always writes the same bytes.
 *  Non-JSON values (bigint, cycles) become a ModelFileError. */
export function stableJson(value: unknown, file: string, indent?: number): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      // defineProperty, not out[k] =: a "__proto__" key must stay a plain key.
      for (const k of Object.keys(o).sort())
        Object.defineProperty(out, k, { value: sortKeys(o[k]), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  try {
    return JSON.stringify(sortKeys(value), null, indent) ?? 'null';
  } catch (e) {
    throw new ModelFileError(file, `provenance is not JSON-serialisable (${e instanceof Error ? e.message : String(e)})`);
  }
}
