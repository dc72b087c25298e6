// Reading and writing model files. The format follows the extension (.json canonical, .txt for
// people); an unknown extension is sniffed on load ('{' → JSON) and written as JSON.
// Saving is atomic: the bytes go to a temporary file in the same directory (same filesystem,
// so the rename cannot degrade to a copy), are flushed, then renamed over the final name —
// a crash leaves either the old file or the new one, never half a model.
import { FileReadProblem, readRegularFile } from '../util/boundedRead.js';
import { extname } from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite.js';
import type { O1Model } from '../o1/o1.js';
import { assertWritable, ModelFileError } from './format.js';
import { modelToJson, parseModelJson } from './json.js';
import { modelToText, parseModelText } from './text.js';

export type ModelFormat = 'json' | 'text';

// Larger than any real o1 model by orders of magnitude; stops a wrong path (a dataset, a video)
// from being read into memory whole.
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

/** The format implied by a file name, or undefined when the extension says nothing. */
export function formatFromPath(path: string): ModelFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.json' ? 'json' : ext === '.txt' ? 'text' : undefined;
}

/** The format of some file content, from its first non-space character. */
export function sniffFormat(text: string): ModelFormat {
  const m = /\S/.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return m && m[0] === '{' ? 'json' : 'text';
}

/** Parses a model from text; the format is given, or taken from `source`'s extension, or sniffed. */
export function parseModel(text: string, source: string, format?: ModelFormat): O1Model {
  const f = format ?? formatFromPath(source) ?? sniffFormat(text);
  return f === 'json' ? parseModelJson(text, source) : parseModelText(text, source);
}

/** The model serialised in `format`. */
export function serializeModel(model: O1Model, format: ModelFormat, file?: string): string {
  return format === 'json' ? modelToJson(model, file) : modelToText(model, file);
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'EISDIR') return 'is a directory, not a model file';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

/** Reads and validates a model file. Throws ModelFileError (only) on any problem. */
export function loadModel(path: string): O1Model {
  let buf: Buffer;
  try {
    buf = readRegularFile(path, MAX_MODEL_BYTES);
  } catch (e) {
    throw new ModelFileError(path, `cannot read it: ${e instanceof FileReadProblem ? e.reason : reason(e)}`);
  }
  return parseModel(buf.toString('utf8'), path);
}

/** Writes `model` to `path` atomically (temp file + rename, see writeFileAtomic), creating the
 *  directory if needed; the format follows the extension (.txt → text, else JSON).
 *  Throws ModelFileError if the model is invalid or the file cannot be written. */
export function saveModel(model: O1Model, path: string): void {
  assertWritable(model, path);
  const text = serializeModel(model, formatFromPath(path) ?? 'json', path);
  try {
    writeFileAtomic(path, text);
  } catch (e) {
    throw new ModelFileError(path, `cannot write it: ${reason(e)}`);
  }
}
