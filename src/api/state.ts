// Checkpoints of the step API: the optimizer's state as plain data (typed arrays), and its
// JSON form with every double's 8 bytes in base64, so a round trip is exact for every value
// (NaN payloads, −0 and ±Infinity included), which decimal JSON numbers cannot promise.
import { InputError } from '../errors.js';

export const STATE_FORMAT = 'o1-optimizer-state';
export const STATE_VERSION = 1;

export interface OptimizerCheckpoint {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  /** The rule's name ('o1', 'adam', …). */
  optimizer: string;
  /** Sizes of the parameter tensors, in step order (empty before the first step). */
  sizes: number[];
  /** Steps taken. */
  t: number;
  /** The rule's per-coordinate buffers over the flat vector (the TS reference's state layout,
   *  whichever engine made it). */
  buffers: Record<string, Float64Array>;
  /** The rule's other numbers (besides t). */
  scalars: Record<string, number>;
}

export interface CheckpointJson {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  optimizer: string;
  sizes: number[];
  t: number;
  /** base64 of each buffer's little-endian f64 bytes. */
  buffers: Record<string, string>;
  /** base64 of each scalar's 8 bytes. */
  scalars: Record<string, string>;
}

function bytesOf(a: Float64Array): Uint8Array {
  const out = new Uint8Array(a.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat64(8 * i, a[i], true);
  return out;
}

// btoa/atob (Node ≥ 16 and every browser) over a binary string, built in slices so that
// String.fromCharCode never gets more arguments than an engine accepts.
function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function fromBase64(s: string, what: string): Uint8Array {
  let bin: string;
  try {
    if (typeof s !== 'string') throw new Error();
    bin = atob(s);
  } catch {
    throw new InputError(`optimizer state: ${what} is not base64 text`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function doublesOf(bytes: Uint8Array, what: string): Float64Array {
  if (bytes.length % 8 !== 0) throw new InputError(`optimizer state: ${what} does not hold whole doubles (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

/** The checkpoint as JSON-able data (JSON.stringify it); exact for every double. */
export function checkpointToJson(c: OptimizerCheckpoint): CheckpointJson {
  const buffers: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.buffers)) buffers[k] = toBase64(bytesOf(v));
  const scalars: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.scalars)) scalars[k] = toBase64(bytesOf(Float64Array.of(v)));
  return { format: c.format, version: c.version, optimizer: c.optimizer, sizes: [...c.sizes], t: c.t, buffers, scalars };
}

/** Checks the envelope of a checkpoint (its data or its JSON form). */
function checkEnvelope(d: Record<string, unknown>): void {
  if (d.format !== STATE_FORMAT) throw new InputError(`optimizer state: "format" must be "${STATE_FORMAT}", got ${JSON.stringify(d.format)} — is this an o1 optimizer checkpoint?`);
  if (d.version !== STATE_VERSION) throw new InputError(`optimizer state: version ${JSON.stringify(d.version)} is not one this o1 reads (${STATE_VERSION})`);
  if (typeof d.optimizer !== 'string') throw new InputError('optimizer state: "optimizer" must name the rule');
  if (!Array.isArray(d.sizes) || !d.sizes.every((s) => Number.isInteger(s) && s >= 0))
    throw new InputError('optimizer state: "sizes" must be a list of tensor sizes (whole numbers ≥ 0)');
  if (!Number.isInteger(d.t) || (d.t as number) < 0) throw new InputError('optimizer state: "t" must be the number of steps taken (a whole number ≥ 0)');
  for (const k of ['buffers', 'scalars']) {
    const v = d[k];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(`optimizer state: "${k}" must be an object`);
  }
}

/** Reads a checkpoint's JSON form (parsed) back into typed arrays, exactly. */
export function checkpointFromJson(json: unknown): OptimizerCheckpoint {
  if (typeof json !== 'object' || json === null) throw new InputError('optimizer state: expected an object (the parsed JSON of a checkpoint)');
  const d = json as Record<string, unknown>;
  checkEnvelope(d);
  const buffers: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(d.buffers as Record<string, string>)) buffers[k] = doublesOf(fromBase64(v, `buffer "${k}"`), `buffer "${k}"`);
  const scalars: Record<string, number> = {};
  for (const [k, v] of Object.entries(d.scalars as Record<string, string>)) {
    const a = doublesOf(fromBase64(v, `scalar "${k}"`), `scalar "${k}"`);
    if (a.length !== 1) throw new InputError(`optimizer state: scalar "${k}" must hold one double`);
    scalars[k] = a[0];
  }
  return { format: STATE_FORMAT, version: STATE_VERSION, optimizer: d.optimizer as string, sizes: [...(d.sizes as number[])], t: d.t as number, buffers, scalars };
}

/** Validates a checkpoint given as data (what state() returns). */
export function checkCheckpoint(c: unknown): OptimizerCheckpoint {
  if (typeof c !== 'object' || c === null) throw new InputError('optimizer state: expected the object state() returned (or checkpointFromJson of its JSON)');
  const d = c as Record<string, unknown>;
  checkEnvelope(d);
  for (const [k, v] of Object.entries(d.buffers as object)) {
    if (!(v instanceof Float64Array)) throw new InputError(`optimizer state: buffer "${k}" must be a Float64Array (use checkpointFromJson for the JSON form)`);
  }
  for (const [k, v] of Object.entries(d.scalars as object)) {
    if (typeof v !== 'number') throw new InputError(`optimizer state: scalar "${k}" must be a number`);
  }
  return c as OptimizerCheckpoint;
}
