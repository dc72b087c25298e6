// o1 models in the page: the shipped default (bundled at build time), a seeded random network,
// models carried in the URL, and model files loaded from / saved to disk. Every model that
// comes from outside (a file, a URL) goes through the CLI's own parsers and validation
// (src/model/json.ts, text.ts): it is read as data, never evaluated.
import { parseModelJson, modelToJson } from '../../src/model/json.js';
import { parseModelText, modelToText } from '../../src/model/text.js';
import { ModelFileError } from '../../src/model/format.js';
import { randomO1Model, type O1Model } from '../../src/o1/o1.js';
import { Rng } from '../../src/rng.js';
import { type ModelRef, fromBase64Url, toBase64Url } from './state.js';

// The shipped model, if the package has one (import.meta.glob is empty when it does not).
const shipped = import.meta.glob('../../models/default.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const shippedText = Object.values(shipped)[0];

/** Files bigger than this are not o1 models (the CLI refuses at 64 MiB; real ones are ~3 KB). */
export const MAX_MODEL_FILE_BYTES = 4 * 1024 * 1024;

export function defaultModel(): { model: O1Model; note: string } {
  if (shippedText) return { model: parseModelJson(shippedText, 'models/default.json'), note: 'the shipped model (models/default.json)' };
  return { model: randomO1Model(new Rng(1), undefined, undefined, 'random seed 1'), note: 'no shipped model in this build: an untrained network (seed 1)' };
}

export function randomModel(seed: number): O1Model {
  return randomO1Model(new Rng(seed), undefined, undefined, `random seed ${seed}`);
}

/** Parses a model file's text: JSON or the text format, by extension, else by its first character
 *  (the CLI's rule). Throws ModelFileError with the CLI's message. */
export function parseModelFile(text: string, fileName: string): O1Model {
  const lower = fileName.toLowerCase();
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const json = lower.endsWith('.json') ? true : lower.endsWith('.txt') ? false : /^\s*\{/.test(body);
  return json ? parseModelJson(text, fileName) : parseModelText(text, fileName);
}

export async function readModelFile(file: File): Promise<O1Model> {
  if (file.size > MAX_MODEL_FILE_BYTES) throw new ModelFileError(file.name, `${file.size} bytes is far too large for an o1 model — wrong file?`);
  return parseModelFile(await file.text(), file.name);
}

export function modelFileText(model: O1Model, format: 'json' | 'text'): string {
  return format === 'json' ? modelToJson(model) : modelToText(model);
}

/** A model as URL data: canonical JSON without provenance (kept short), base64url. */
export function modelToUrlData(model: O1Model): string {
  return toBase64Url(modelToJson({ config: model.config, weights: model.weights, ...(model.name ? { name: model.name } : {}) }));
}

export function modelFromUrlData(data: string): O1Model {
  let text: string;
  try {
    text = fromBase64Url(data);
  } catch {
    throw new ModelFileError('link', 'the model in the link is not valid base64url text');
  }
  return parseModelJson(text, 'link');
}

/** The model a state refers to; a broken inline model falls back to the default, reported. */
export function resolveModelRef(ref: ModelRef, seed: number): { model: O1Model; note: string; problem?: string } {
  if (ref.kind === 'random') return { model: randomModel(seed), note: `an untrained network (seed ${seed})` };
  if (ref.kind === 'inline') {
    try {
      const model = modelFromUrlData(ref.data);
      return { model, note: `${model.name ?? 'a model'} (from the link)` };
    } catch (e) {
      return { ...defaultModel(), problem: e instanceof Error ? e.message : String(e) };
    }
  }
  return defaultModel();
}
