// The model loaders against corrupted files: bit flips, truncations, splices and structural JSON
// mutations of the shipped models in both formats (.json and the editable .txt). Every input must
// either load as a valid model or fail with the loader's own ModelFileError on one line — any
// other exception (a TypeError, a RangeError, a stack overflow) is a crash. Seeded: the same
// cases every run (O1_FUZZ_SEED picks another set; O1_FUZZ_CASES another count).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, deriveSeed } from '../src/rng.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { loadModel, parseModel, type ModelFormat } from '../src/model/io.js';
import { ModelFileError } from '../src/model/format.js';
import { validateModel } from '../src/o1/o1.js';

const SEED = Number(process.env.O1_FUZZ_SEED ?? 15);
const CASES = Number(process.env.O1_FUZZ_CASES ?? 12_000);

const SOURCES = ['default.json', 'default.txt', 'generalist-v2.json', 'generalist-v2.txt'].map((f) => ({
  name: f,
  format: (f.endsWith('.json') ? 'json' : 'text') as ModelFormat,
  bytes: readFileSync(join(PACKAGE_ROOT, 'models', f)),
}));

// Values a structural mutation puts in place of a JSON node.
const ODD_VALUES: unknown[] = [
  null, true, false, 0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53, 4096, 4097, 1e9, '', 'x', 'tanh', 'v2', '__proto__',
  [], [0], [1, 2, 3], [[[]]], {}, { __proto__: null }, { constructor: 1 }, { layers: [6, 8, 1] }, '1e999', 'NaN',
];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function bitFlips(rng: Rng, b: Buffer): Buffer {
  const out = Buffer.from(b);
  const k = 1 + rng.int(8);
  for (let i = 0; i < k; i++) out[rng.int(out.length)] ^= 1 << rng.int(8);
  return out;
}

function truncation(rng: Rng, b: Buffer): Buffer {
  return b.subarray(0, rng.int(b.length));
}

function splice(rng: Rng, b: Buffer, other: Buffer): Buffer {
  const at = rng.int(b.length);
  const cut = at + rng.int(Math.min(200, b.length - at) + 1);
  const from = rng.int(other.length);
  const piece = other.subarray(from, from + rng.int(300));
  return Buffer.concat([b.subarray(0, at), piece, b.subarray(cut)]);
}

/** Every [container, key] pair of a parsed JSON document. */
function slots(doc: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((e, i) => (out.push([v, i]), walk(e)));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) out.push([v as Record<string, unknown>, k]), walk((v as Record<string, unknown>)[k]);
  };
  walk(doc);
  return out;
}

function jsonMutation(rng: Rng, b: Buffer): Buffer {
  const doc = JSON.parse(b.toString('utf8'));
  const k = 1 + rng.int(3);
  for (let i = 0; i < k; i++) {
    const all = slots(doc);
    const [c, key] = pick(rng, all);
    const op = rng.int(6);
    if (op === 0) (c as Record<string, unknown>)[key] = structuredClone(pick(rng, ODD_VALUES));
    else if (op === 1) {
      if (Array.isArray(c)) c.splice(key as number, 1);
      else delete c[key as string];
    } else if (op === 2 && Array.isArray(c)) c.push(structuredClone(pick(rng, ODD_VALUES)));
    else if (op === 3) (c as Record<string, unknown>)[key] = structuredClone(pick(rng, all)[0]); // a copy of another subtree
    else if (op === 4 && typeof (c as Record<string, unknown>)[key] === 'number') (c as Record<string, number>)[key] *= pick(rng, [-1, 2, 1e300, 1e-300, 0]);
    else if (!Array.isArray(c)) c[pick(rng, ['extra', '__proto__', 'constructor', 'format', 'version', 'weights'])] = structuredClone(pick(rng, ODD_VALUES));
  }
  return Buffer.from(JSON.stringify(doc, null, rng.int(2) ? 2 : undefined));
}

function textMutation(rng: Rng, b: Buffer): Buffer {
  const lines = b.toString('utf8').split('\n');
  const k = 1 + rng.int(3);
  for (let i = 0; i < k; i++) {
    const at = rng.int(lines.length);
    const op = rng.int(6);
    if (op === 0) lines.splice(at, 1);
    else if (op === 1) lines.splice(at, 0, lines[rng.int(lines.length)]);
    else if (op === 2) [lines[at], lines[(at + 1) % lines.length]] = [lines[(at + 1) % lines.length], lines[at]];
    else if (op === 3) {
      const toks = lines[at].split(' ');
      toks[rng.int(toks.length)] = String(pick(rng, ['', 'nan', 'inf', '-0', '1e999', '1e-400', '0x10', '4097', '100000', '#', '"', '{', 'provenance', 'layers', '9'.repeat(400)]));
      lines[at] = toks.join(' ');
    } else if (op === 4) lines[at] = `${lines[at]} ${lines[at]}`;
    else lines.splice(at, 0, pick(rng, ['layers 6 4096 4096 1', 'window 1024', 'provenance {"a":[[[[[]]]]]}', 'name "\\u0000"', 'activations relu', `provenance ${'['.repeat(5000)}`]));
  }
  return Buffer.from(lines.join(rng.int(4) === 0 ? '\r\n' : '\n'));
}

/** The i-th corrupted input: its bytes, the format it is read as, and how it was made. */
function corrupted(i: number): { bytes: Buffer; format: ModelFormat; how: string } {
  const rng = new Rng(deriveSeed(SEED, 'model-fuzz', i));
  const src = SOURCES[i % SOURCES.length];
  const kind = pick(rng, ['flip', 'truncate', 'splice', 'structure'] as const);
  let bytes: Buffer;
  if (kind === 'flip') bytes = bitFlips(rng, src.bytes);
  else if (kind === 'truncate') bytes = truncation(rng, src.bytes);
  else if (kind === 'splice') bytes = splice(rng, src.bytes, pick(rng, SOURCES).bytes);
  else bytes = src.format === 'json' ? jsonMutation(rng, src.bytes) : textMutation(rng, src.bytes);
  // One in ten read with the other format's parser (a .txt named .json and the reverse).
  const format = rng.int(10) === 0 ? (src.format === 'json' ? 'text' : 'json') : src.format;
  return { bytes, format, how: `${kind} of ${src.name} read as ${format} (seed ${SEED}, case ${i})` };
}

/** 'loaded' (a valid model) or 'refused' (the loader's own one-line error) when the loader
 *  behaved; otherwise what went wrong. */
function outcome(load: () => unknown, how: string): string {
  try {
    const m = load() as Parameters<typeof validateModel>[0];
    const problems = validateModel(m);
    return problems.length ? `${how}: loaded an invalid model (${problems.join('; ')})` : 'loaded';
  } catch (e) {
    if (!(e instanceof ModelFileError)) return `${how}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    if (/[\r\n]/.test(e.message)) return `${how}: a message over several lines: ${JSON.stringify(e.message)}`;
    return 'refused';
  }
}

describe('model file fuzzer', () => {
  it(`${CASES} corrupted model files load or fail with ModelFileError, never crash`, () => {
    const crashes: string[] = [];
    let loaded = 0;
    for (let i = 0; i < CASES; i++) {
      const c = corrupted(i);
      const r = outcome(() => parseModel(c.bytes.toString('utf8'), `fuzz-${i}`, c.format), c.how);
      if (r === 'loaded') loaded++;
      else if (r !== 'refused') crashes.push(r);
    }
    expect(crashes.slice(0, 10), `${crashes.length} crashes`).toEqual([]);
    // The mutations must mostly break the files (or they test nothing), yet not all of them
    // (a flipped bit in a comment, a reordered key leaves a valid model).
    expect(loaded).toBeLessThan(CASES / 2);
    expect(loaded).toBeGreaterThan(0);
  }, 120_000);

  it('the same through files on disk (loadModel), for a sample of 300', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-fuzz-'));
    try {
      const crashes: string[] = [];
      for (let i = 0; i < 300; i++) {
        const c = corrupted(CASES + i);
        const file = join(dir, `m${i}.${c.format === 'json' ? 'json' : 'txt'}`);
        writeFileSync(file, c.bytes);
        const r = outcome(() => loadModel(file), c.how);
        if (r !== 'loaded' && r !== 'refused') crashes.push(r);
      }
      expect(crashes.slice(0, 10), `${crashes.length} crashes`).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
