// The canonical model file: versioned JSON with a stable key order and weights laid out one
// neuron per line, so diffs between two models are readable.
//   { "format": "o1-model", "version": 1, "name": …, "config": {…}, "weights": […], "provenance": {…} }
// Weights are written with JS's shortest round-trip formatting (and -0 kept), so every f64
// reads back bit for bit.
import type { O1Model } from '../o1/o1.js';
import { copyConfig } from '../o1/config.js';
import {
  assertWritable,
  buildModel,
  formatNumber,
  MODEL_FORMAT,
  MODEL_VERSION,
  ModelFileError,
  showValue,
  stableJson,
} from './format.js';
import { jsonDepthProblem } from '../util/jsonDepth.js';

const MEMORY = '(in memory)';

/** The model as canonical pretty JSON (ends with a newline). Throws ModelFileError if the model
 *  is invalid, so what is written can always be read back. */
export function modelToJson(model: O1Model, file = MEMORY): string {
  assertWritable(model, file);
  const cfg = model.config;
  const lines: string[] = ['{', `  "format": ${JSON.stringify(MODEL_FORMAT)},`, `  "version": ${MODEL_VERSION},`];
  if (model.name !== undefined) lines.push(`  "name": ${JSON.stringify(model.name)},`);
  lines.push('  "config": {');
  const entries = Object.entries(copyConfig(cfg)); // the rule's keys, in canonical order
  entries.forEach(([k, v], i) => {
    const text = Array.isArray(v)
      ? `[${(v as (number | string)[]).map((e) => (typeof e === 'number' ? formatNumber(e) : JSON.stringify(e))).join(', ')}]`
      : typeof v === 'number'
        ? formatNumber(v)
        : JSON.stringify(v);
    lines.push(`    "${k}": ${text}${i + 1 < entries.length ? ',' : ''}`);
  });
  lines.push('  },');
  // One line per output neuron (its input weights), then one line of the layer's biases.
  const rows: string[] = [];
  const w = model.weights;
  let p = 0;
  for (let l = 0; l + 1 < cfg.layers.length; l++) {
    const nIn = cfg.layers[l];
    const nOut = cfg.layers[l + 1];
    for (let r = 0; r < nOut; r++, p += nIn) rows.push(Array.from(w.subarray(p, p + nIn), formatNumber).join(', '));
    rows.push(Array.from(w.subarray(p, p + nOut), formatNumber).join(', '));
    p += nOut;
  }
  const hasProv = model.provenance !== undefined;
  lines.push('  "weights": [', rows.map((r) => `    ${r}`).join(',\n'), `  ]${hasProv ? ',' : ''}`);
  if (hasProv) lines.push(`  "provenance": ${stableJson(model.provenance, file, 2).replace(/\n/g, '\n  ')}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a JSON array';
  return `a JSON ${typeof v}`;
}

/** Parses and validates a JSON model file's text. `source` names the file in messages.
 *  Throws ModelFileError — and nothing else — on any problem. */
export function parseModelJson(text: string, source: string): O1Model {
  const fail = (problem: string): never => {
    throw new ModelFileError(source, problem);
  };
  if (typeof text !== 'string') fail('file content is not text');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // tolerate a UTF-8 BOM
  if (body.trim() === '') fail('the file is empty — no model in it');
  const deep = jsonDepthProblem(body);
  if (deep) fail(deep);
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (/[[:,]\s*[+-]?(NaN|Infinity)\b/.test(body))
      fail(`contains NaN or Infinity, which is neither valid JSON nor a valid weight (every weight must be a finite number)`);
    fail(`not valid JSON (${why}) — the file may be truncated or not a JSON model`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    fail(`not an o1 model: the file holds ${kindOf(doc)}, not an object with "format": "${MODEL_FORMAT}"`);
  const d = doc as Record<string, unknown>;
  if (d.format === undefined) fail(`not an o1 model: no "format": "${MODEL_FORMAT}" field (is this the right file?)`);
  if (d.format !== MODEL_FORMAT) fail(`unknown format ${showValue(d.format)} (expected "${MODEL_FORMAT}")`);
  if (d.version !== MODEL_VERSION) {
    if (typeof d.version === 'number' && d.version > MODEL_VERSION)
      fail(`format version ${d.version} is newer than this o1 reads (${MODEL_VERSION}) — upgrade o1`);
    fail(`unsupported format version ${d.version === undefined ? '(missing)' : showValue(d.version)} (this o1 reads version ${MODEL_VERSION})`);
  }
  if (d.config === undefined) fail('no "config" — the model has no network shape');
  if (!Array.isArray(d.weights)) fail(`"weights" must be a list of numbers, got ${d.weights === undefined ? 'nothing' : kindOf(d.weights)}`);
  return buildModel(source, { name: d.name, config: d.config, weights: d.weights as unknown[], provenance: d.provenance });
}
