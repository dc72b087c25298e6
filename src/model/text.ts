// The plain-text model format, for people (the notebook saved its networks as .txt):
//
//   o1-model 1
//   # comments: lines starting with #; blank lines are ignored
//   name my-model
//   features v2
//   window 5
//   beta 0.9
//   logLrMin -12
//   logLrMax 0
//   lrMode absolute
//   initStep 0.01
//   stepUnit distance    <- normalized rule only, and only when not the default (start)
//   layers 6 8 1
//   activations tanh identity
//   # layer 1: 6 -> 8, tanh
//   w w w w w w          <- one line per output neuron: its input weights
//   …
//   b b b b b b b b      <- then one line of the layer's biases
//   # layer 2: 8 -> 1, identity
//   …
//   provenance {"seed":1}
//
// `provenance` (one JSON line, `null` when there is none) is always the last line: a file cut
// short anywhere lacks it, so truncation is always detected, even inside the last number.
// Key and weight lines may end with a `# comment`. Numbers are shortest round-trip decimals
// (-0 kept), so every f64 reads back bit for bit.
import type { O1Model } from '../o1/o1.js';
import { paramCount } from '../o1/network.js';
import { validateConfig } from '../o1/config.js';
import { weightCountProblem } from '../o1/o1.js';
import {
  assertWritable,
  buildModel,
  excerpt,
  formatNumber,
  locateWeight,
  MODEL_FORMAT,
  MODEL_VERSION,
  ModelFileError,
  parseDecimal,
  stableJson,
} from './format.js';
import { jsonDepthProblem } from '../util/jsonDepth.js';

const MEMORY = '(in memory)';
const CONFIG_KEYS = ['features', 'window', 'beta', 'logLrMin', 'logLrMax', 'lrMode', 'initStep', 'layers', 'activations'] as const;
/** Optional config keys: the normalized rule's `stepUnit`, written only when not its default. */
const OPTIONAL_KEYS = ['stepUnit'] as const;
const KEYS = ['name', ...CONFIG_KEYS, ...OPTIONAL_KEYS] as const;
type Key = (typeof KEYS)[number];

// A name is written bare when reading the rest of the line back gives it unchanged; otherwise
// as a JSON string (quotes, surrounding spaces, control characters).
function nameToText(name: string): string {
  // eslint-disable-next-line no-control-regex
  const bare = name.length > 0 && name === name.trim() && !name.startsWith('"') && !/[\u0000-\u001f\u007f\u2028\u2029]/.test(name);
  return bare ? name : JSON.stringify(name);
}

/** The model as the human-readable text format. Throws ModelFileError if the model is invalid. */
export function modelToText(model: O1Model, file = MEMORY): string {
  assertWritable(model, file);
  const c = model.config;
  const out: string[] = [
    `${MODEL_FORMAT} ${MODEL_VERSION}`,
    '# o1 learned learning-rate controller. Lines starting with # are comments.',
    '# Per layer: one line per output neuron (its input weights), then one line of biases.',
  ];
  if (model.name !== undefined) out.push(`name ${nameToText(model.name)}`);
  out.push(
    `features ${c.features}`,
    ...(c.lrMode === 'normalized' ? [] : [`window ${c.window}`]),
    `beta ${formatNumber(c.beta)}`,
    `logLrMin ${formatNumber(c.logLrMin)}`,
    `logLrMax ${formatNumber(c.logLrMax)}`,
    `lrMode ${c.lrMode}`,
    `initStep ${formatNumber(c.initStep)}`,
    ...(c.lrMode === 'normalized' && c.stepUnit === 'distance' ? ['stepUnit distance'] : []),
    `layers ${c.layers.join(' ')}`,
    `activations ${c.activations.join(' ')}`,
  );
  const w = model.weights;
  let p = 0;
  for (let l = 0; l + 1 < c.layers.length; l++) {
    const nIn = c.layers[l];
    const nOut = c.layers[l + 1];
    out.push(`# layer ${l + 1}: ${nIn} -> ${nOut}, ${c.activations[l]}`);
    for (let r = 0; r < nOut; r++, p += nIn) out.push(Array.from(w.subarray(p, p + nIn), formatNumber).join(' '));
    out.push(Array.from(w.subarray(p, p + nOut), formatNumber).join(' '));
    p += nOut;
  }
  out.push(`provenance ${model.provenance === undefined ? 'null' : stableJson(model.provenance, file)}`);
  return `${out.join('\n')}\n`;
}

// Not keys but number words, so a line starting with one is a (bad) weight line.
const NUMBER_WORD = /^[+-]?(nan|inf|infinity)$/i;
const IDENT = /^[A-Za-z_][\w-]*$/;

function stripComment(s: string): string {
  const h = s.indexOf('#');
  return h < 0 ? s : s.slice(0, h);
}

function tokens(s: string): string[] {
  const t = s.trim();
  return t === '' ? [] : t.split(/\s+/);
}

/** Parses and validates a text model file. `source` names the file in messages.
 *  Throws ModelFileError — and nothing else — on any problem. */
export function parseModelText(text: string, source: string): O1Model {
  const fail = (problem: string, line?: number): never => {
    throw new ModelFileError(source, line === undefined ? problem : `line ${line}: ${problem}`);
  };
  if (typeof text !== 'string') fail('file content is not text');
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);

  // Meaningful lines with their 1-based numbers.
  let i = 0;
  const next = (): { no: number; text: string } | undefined => {
    while (i < lines.length) {
      const raw = lines[i++];
      const t = raw.trim();
      if (t !== '' && !t.startsWith('#')) return { no: i, text: t };
    }
    return undefined;
  };

  const header = next();
  if (!header) fail('the file is empty — no model in it');
  const h = tokens(header!.text);
  if (h[0] !== MODEL_FORMAT)
    fail(`not an o1 model file: the first line should be "${MODEL_FORMAT} ${MODEL_VERSION}", found ${excerpt(header!.text)}`, header!.no);
  if (h.length !== 2 || h[1] !== String(MODEL_VERSION)) {
    const v = Number(h[1]);
    if (h.length === 2 && Number.isInteger(v) && v > MODEL_VERSION)
      fail(`format version ${v} is newer than this o1 reads (${MODEL_VERSION}) — upgrade o1`, header!.no);
    fail(`unsupported header ${excerpt(header!.text)} (this o1 reads "${MODEL_FORMAT} ${MODEL_VERSION}")`, header!.no);
  }

  // Key lines, until the first line that is not a key.
  const seen = new Map<Key, number>();
  const cfg: Record<string, unknown> = {};
  let name: string | undefined;
  let line = next();
  for (; line; line = next()) {
    const first = line.text.split(/\s/, 1)[0];
    if (first === 'provenance' || NUMBER_WORD.test(first) || !IDENT.test(first)) break;
    if (!(KEYS as readonly string[]).includes(first))
      fail(`unknown key ${excerpt(first)} (keys: ${KEYS.join(', ')}; weights come after the keys)`, line.no);
    const key = first as Key;
    if (seen.has(key)) fail(`"${key}" given twice (first on line ${seen.get(key)})`, line.no);
    seen.set(key, line.no);
    const rest = line.text.slice(first.length).trim();
    if (key === 'name') {
      if (rest.startsWith('"')) {
        try {
          const v: unknown = JSON.parse(rest);
          if (typeof v !== 'string') throw new Error('not a string');
          name = v;
        } catch {
          fail(`"name" starts with a quote but is not a valid JSON string: ${excerpt(rest)}`, line.no);
        }
      } else name = rest;
      continue;
    }
    const vals = tokens(stripComment(rest));
    if (vals.length === 0) fail(`"${key}" has no value`, line.no);
    const num = (tok: string): number => {
      const v = parseDecimal(tok);
      if (typeof v === 'string') fail(`"${key}": ${v}`, line!.no);
      return v as number;
    };
    if (key === 'layers') cfg.layers = vals.map(num);
    else if (key === 'activations') cfg.activations = vals;
    else {
      if (vals.length !== 1) fail(`"${key}" takes one value, found ${vals.length}`, line.no);
      cfg[key] = key === 'features' || key === 'lrMode' || key === 'stepUnit' ? vals[0] : num(vals[0]);
    }
  }
  // The normalized rule keeps no window (a legacy `window` line is read, checked and dropped).
  const missing = CONFIG_KEYS.filter((k) => !seen.has(k) && !(k === 'window' && cfg.lrMode === 'normalized'));
  if (missing.length) fail(`missing ${missing.map((k) => `"${k}"`).join(', ')} line${missing.length > 1 ? 's' : ''} (before the weights)`);
  const problems = validateConfig(cfg);
  if (problems.length) fail(problems.join('; '));
  const layers = cfg.layers as number[];

  // Weight lines, until "provenance".
  const rows: { no: number; values: number[] }[] = [];
  let count = 0;
  let provenance: unknown;
  let provLine: number | undefined;
  for (; line; line = next()) {
    if (line.text === 'provenance' || line.text.startsWith('provenance ') || line.text.startsWith('provenance\t')) {
      provLine = line.no;
      const rest = line.text.slice('provenance'.length).trim();
      const deep = jsonDepthProblem(rest);
      if (deep) fail(`"provenance": ${deep}`, line.no);
      try {
        provenance = JSON.parse(rest);
      } catch {
        fail(`"provenance" must be one line of JSON (an object, or null): ${excerpt(rest)} — the file may be truncated`, line.no);
      }
      if (provenance !== null && (typeof provenance !== 'object' || Array.isArray(provenance)))
        fail(`"provenance" must be a JSON object or null, got ${excerpt(rest)}`, line.no);
      line = next();
      break;
    }
    const values: number[] = [];
    for (const tok of tokens(stripComment(line.text))) {
      const v = parseDecimal(tok);
      if (typeof v === 'string') fail(`weight ${count + values.length} (${locateWeight(layers, count + values.length)}): ${v}`, line.no);
      values.push(v as number);
    }
    count += values.length;
    rows.push({ no: line.no, values });
  }
  if (line) fail(`unexpected ${excerpt(line.text)} after the "provenance" line (it must be the last line)`, line.no);
  const expected = paramCount({ layers });
  if (provLine === undefined)
    fail(
      count < expected
        ? `the file is truncated: it stops after ${count} of the ${expected} weights for layers [${layers.join(',')}], with no "provenance" line (the last line of every model file)`
        : `the file is truncated: no "provenance" line at the end (the last line of every model file; "provenance null" when there is none)`,
    );
  if (count !== expected) fail(weightCountProblem(layers, count));

  // Shape: per layer, nOut lines of nIn weights, then one line of nOut biases.
  let r = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const nIn = layers[l];
    const nOut = layers[l + 1];
    for (let k = 0; k <= nOut; k++, r++) {
      const want = k < nOut ? nIn : nOut;
      const what = k < nOut ? `the weights into neuron ${k + 1} of layer ${l + 1}` : `the ${nOut} biases of layer ${l + 1}`;
      const row = rows[r];
      if (row.values.length !== want)
        fail(`expected ${want} numbers (${what}), found ${row.values.length} — one line per output neuron, then one line of biases`, row.no);
    }
  }
  const weights: number[] = [];
  for (const row of rows) for (const v of row.values) weights.push(v);
  return buildModel(source, { name, config: cfg, weights, provenance });
}
