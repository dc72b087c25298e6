import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/rng.js';
import { InputError } from '../src/errors.js';
import { paramCount, type Activation } from '../src/o1/network.js';
import { randomO1Model, type O1Model } from '../src/o1/o1.js';
import type { O1Config } from '../src/o1/config.js';
import { ModelFileError } from '../src/model/format.js';
import { modelToJson, parseModelJson } from '../src/model/json.js';
import { modelToText, parseModelText } from '../src/model/text.js';
import { loadModel, parseModel, saveModel } from '../src/model/io.js';

// ---- helpers ----
function expectSameModel(got: O1Model, want: O1Model) {
  expect(got.config).toEqual(want.config);
  expect(got.name).toEqual(want.name);
  expect(got.provenance).toEqual(want.provenance);
  expect(got.weights).toBeInstanceOf(Float64Array);
  expect(got.weights.length).toBe(want.weights.length);
  for (let i = 0; i < want.weights.length; i++) {
    if (!Object.is(got.weights[i], want.weights[i])) throw new Error(`weight ${i}: ${got.weights[i]} ≠ ${want.weights[i]}`);
  }
}

/** Runs a parser on untrusted text: returns the model or the ModelFileError; any other
 *  exception fails the test. */
function attempt(parse: () => O1Model): O1Model | ModelFileError {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ModelFileError) {
      expect(e.message).toBe(`model file '${e.file}': ${e.problem}`);
      expect(e.problem.length).toBeGreaterThan(0);
      return e;
    }
    throw new Error(`expected a ModelFileError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

function errorOf(parse: () => unknown): ModelFileError {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    expect(e).toBeInstanceOf(InputError);
    return e as ModelFileError;
  }
  throw new Error('expected a ModelFileError, but the text parsed');
}

const FORMATS = [
  { name: 'json', write: modelToJson, parse: parseModelJson, file: 'm.json' },
  { name: 'text', write: modelToText, parse: parseModelText, file: 'm.txt' },
] as const;

function sampleModel(): O1Model {
  const m = randomO1Model(new Rng(2024), undefined, undefined, 'sample model');
  m.weights[0] = -0;
  m.weights[1] = 5e-324;
  m.weights[2] = -Number.MAX_VALUE;
  m.weights[3] = 0.1 + 0.2;
  m.provenance = { seed: 2024, generation: 12, note: 'a # is fine here', nested: { b: [1, 2.5], a: null } };
  return m;
}

// Arbitrary valid models: random shapes, random doubles (incl. -0, subnormals, ±MAX_VALUE).
const activation = fc.constantFrom<Activation>('tanh', 'relu', 'identity');
const configArb: fc.Arbitrary<O1Config> = fc
  .record({
    features: fc.constantFrom<'v1' | 'v2'>('v1', 'v2'),
    window: fc.integer({ min: 1, max: 6 }),
    hidden: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 2 }),
    acts: fc.array(activation, { minLength: 3, maxLength: 3 }),
    beta: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    bounds: fc
      .tuple(fc.double({ min: -700, max: 700, noNaN: true }), fc.double({ min: -700, max: 700, noNaN: true }))
      .filter(([a, b]) => a !== b),
    lrMode: fc.constantFrom<'absolute' | 'multiplicative'>('absolute', 'multiplicative'),
    initStep: fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
  })
  .map(({ features, window, hidden, acts, beta, bounds, lrMode, initStep }) => {
    const layers = [window + 1, ...hidden, 1];
    return {
      features,
      window,
      layers,
      activations: acts.slice(0, layers.length - 1),
      beta,
      logLrMin: Math.min(...bounds),
      logLrMax: Math.max(...bounds),
      lrMode,
      initStep,
    };
  });
const modelArb: fc.Arbitrary<O1Model> = configArb.chain((config) =>
  fc
    .record(
      {
        weights: fc.float64Array({ noNaN: true, noDefaultInfinity: true, minLength: paramCount(config), maxLength: paramCount(config) }),
        name: fc.string({ unit: 'binary', maxLength: 12 }),
        provenance: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      },
      { requiredKeys: ['weights'] },
    )
    .map((r) => {
      const m: O1Model = { config, weights: r.weights };
      if (r.name !== undefined) m.name = r.name;
      if (r.provenance !== undefined) m.provenance = JSON.parse(JSON.stringify(r.provenance));
      return m;
    }),
);

// ---- round trips ----
describe.each(FORMATS)('$name format: round trip', ({ write, parse, file }) => {
  it('reads back the sample model exactly (incl. -0, subnormal, ±MAX_VALUE)', () => {
    const m = sampleModel();
    const text = write(m);
    expectSameModel(parse(text, file), m);
    expect(write(parse(text, file))).toBe(text); // canonical: writing again gives the same bytes
  });

  it('any valid model round-trips bit for bit (property)', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        expectSameModel(parse(write(m), file), m);
      }),
      { numRuns: 300 },
    );
  });

  it('any double round-trips exactly as a weight (property)', () => {
    const base = randomO1Model(new Rng(1));
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 64 }), (v, i) => {
        const m = { ...base, weights: Float64Array.from(base.weights) };
        m.weights[i] = v;
        expect(Object.is(parse(write(m), file).weights[i], v)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses to write an invalid model', () => {
    const m = sampleModel();
    m.weights[5] = NaN;
    expect(() => write(m)).toThrow(ModelFileError);
    const short = { ...sampleModel(), weights: new Float64Array(3) };
    expect(() => write(short)).toThrow(/expected 65 weights/);
  });
});

// ---- corrupted input ----
describe.each(FORMATS)('$name format: corrupted input never throws anything but ModelFileError', ({ write, parse, file }) => {
  const m = sampleModel();
  const text = write(m);

  it('truncation at every position: an error, unless only trailing whitespace was cut', () => {
    for (let n = 0; n < text.length; n++) {
      const cut = text.slice(0, n);
      const r = attempt(() => parse(cut, file));
      if (cut.trimEnd() === text.trimEnd()) {
        expect(r).not.toBeInstanceOf(ModelFileError);
        expectSameModel(r as O1Model, m);
      } else expect(r, `truncated to ${n} characters`).toBeInstanceOf(ModelFileError);
    }
  });

  it('random single-character edits give a valid model or a ModelFileError', () => {
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.string({ unit: 'binary', minLength: 0, maxLength: 3 }), (pos, s) => {
        attempt(() => parse(text.slice(0, pos) + s + text.slice(pos + 1), file));
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes and random strings are ModelFileErrors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = attempt(() => parse(Buffer.from(bytes).toString('utf8'), file));
        expect(r).toBeInstanceOf(ModelFileError);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        attempt(() => parse(s, file));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.json(), (s) => {
        expect(attempt(() => parse(s, file))).toBeInstanceOf(ModelFileError);
      }),
      { numRuns: 300 },
    );
  });

  it('one weight changed to NaN, Infinity or a word', () => {
    const marked = sampleModel();
    marked.weights[17] = 123.456789;
    const t = write(marked);
    expect(t.split('123.456789').length).toBe(2);
    for (const bad of ['NaN', 'Infinity', '-Infinity', 'abc', '1e999', 'null', '"1"']) {
      const e = errorOf(() => parse(t.replace('123.456789', bad), file));
      expect(e.file).toBe(file);
    }
  });

  it('not a model at all: empty, whitespace, a package.json, a binary blob', () => {
    for (const s of ['', '   \n\n', '\ufeff']) expect(errorOf(() => parse(s, file)).problem).toMatch(/empty/);
    errorOf(() => parse('# only a comment\n', file));
    const pkg = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    expect(errorOf(() => parse(pkg, file)).problem).toMatch(/not an o1 model/);
    errorOf(() => parse('\u0000\u0001\u00ff\ufffd', file));
  });
});

// ---- specific messages ----
describe('JSON format: messages', () => {
  const m = sampleModel();
  const doc = () => JSON.parse(modelToJson(m));
  const parse = (o: unknown, file = 'x.json') => parseModelJson(JSON.stringify(o), file);

  it('wrong weight count says how many and for which layers', () => {
    const d = doc();
    d.weights.pop();
    const e = errorOf(() => parse(d));
    expect(e.message).toBe(`model file 'x.json': expected 65 weights for layers [6,8,1], found 64 — re-save the model or fix "layers"`);
    expect(e.file).toBe('x.json');
    const d2 = doc();
    d2.weights.push(1);
    expect(errorOf(() => parse(d2)).problem).toMatch(/found 66/);
  });

  it('unknown format, versions, missing parts, bad values', () => {
    expect(errorOf(() => parse({ ...doc(), format: 'onnx' })).problem).toMatch(/unknown format "onnx"/);
    expect(errorOf(() => parse({ ...doc(), version: 2 })).problem).toMatch(/newer/);
    expect(errorOf(() => parse({ ...doc(), version: '1' })).problem).toMatch(/unsupported format version/);
    const noVersion = doc();
    delete noVersion.version;
    expect(errorOf(() => parse(noVersion)).problem).toMatch(/unsupported format version/);
    expect(errorOf(() => parse({ ...doc(), weights: 'abc' })).problem).toMatch(/"weights" must be a list/);
    const w = doc();
    w.weights[3] = null;
    expect(errorOf(() => parse(w)).problem).toMatch(/weight 3 \(layer 1, neuron 1, input 4\) is null/);
    const w2 = doc();
    w2.weights[64] = '1';
    expect(errorOf(() => parse(w2)).problem).toMatch(/weight 64 \(layer 2, bias of neuron 1\)/);
    expect(errorOf(() => parse({ ...doc(), config: { ...doc().config, beta: 1.5 } })).problem).toMatch(/beta/);
    expect(errorOf(() => parse({ ...doc(), config: { ...doc().config, layers: [6, 8, 2] } })).problem).toMatch(/1 output/);
    expect(errorOf(() => parse({ ...doc(), name: 5 })).problem).toMatch(/name/);
    expect(errorOf(() => parse({ ...doc(), provenance: [1] })).problem).toMatch(/provenance/);
    expect(errorOf(() => parse([1, 2])).problem).toMatch(/JSON array/);
    expect(errorOf(() => parseModelJson('{"format": "o1-model", "weights": [NaN]}', 'x.json')).problem).toMatch(/NaN or Infinity/);
    expect(errorOf(() => parseModelJson('{"format": ', 'x.json')).problem).toMatch(/not valid JSON/);
  });

  it('name and provenance are optional; provenance keys are written sorted', () => {
    const bare: O1Model = { config: m.config, weights: m.weights };
    const back = parseModelJson(modelToJson(bare), 'x.json');
    expect(back.name).toBeUndefined();
    expect(back.provenance).toBeUndefined();
    const text = modelToJson({ ...bare, provenance: { z: 1, a: { y: 2, b: 3 } } });
    expect(text.indexOf('"a"')).toBeLessThan(text.indexOf('"z"'));
    expect(text.indexOf('"b"')).toBeLessThan(text.indexOf('"y"'));
    const proto = parseModelJson(modelToJson({ ...bare, provenance: JSON.parse('{"__proto__": 1, "k": 2}') }), 'x.json');
    expect(Object.keys(proto.provenance!)).toEqual(['__proto__', 'k']);
  });
});

describe('text format: people can read and edit it', () => {
  const m = sampleModel();
  const text = modelToText(m);

  it('has the documented layout', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('o1-model 1');
    expect(lines).toContain('features v2');
    expect(lines).toContain('window 5');
    expect(lines).toContain('layers 6 8 1');
    expect(lines).toContain('activations tanh identity');
    expect(lines).toContain('name sample model');
    const weightLines = lines.filter((l) => /^[-\d]/.test(l));
    expect(weightLines.map((l) => l.split(' ').length)).toEqual([6, 6, 6, 6, 6, 6, 6, 6, 8, 8, 1]);
    expect(lines.filter((l) => l !== '').at(-1)).toMatch(/^provenance \{/);
  });

  it('accepts comments, blank lines, CRLF, reordered keys and trailing comments', () => {
    const lines = text.split('\n');
    const edited = [
      '# my edited model',
      '',
      ...lines.slice(0, 1),
      'layers 6 8 1   # the shape',
      ...lines.slice(1).filter((l) => !l.startsWith('layers ')),
    ]
      .map((l) => (/^[-\d]/.test(l) ? `${l}  # a note` : l))
      .join('\r\n');
    expectSameModel(parseModelText(edited, 'e.txt'), m);
  });

  it('names that need it are quoted', () => {
    for (const name of ['', ' padded ', '"quoted"', 'two\nlines', 'tab\tinside', '# hash', 'provenance']) {
      const back = parseModelText(modelToText({ ...m, name }), 'n.txt');
      expect(back.name).toBe(name);
    }
  });

  it('gives line-numbered, specific errors', () => {
    const lines = text.split('\n');
    const wIdx = lines.findIndex((l) => /^[-\d]/.test(l));
    const withLine = (i: number, s: string) => lines.map((l, k) => (k === i ? s : l)).join('\n');
    // a weight dropped from a row: count error in the documented words
    const dropped = withLine(wIdx, lines[wIdx].split(' ').slice(1).join(' '));
    expect(errorOf(() => parseModelText(dropped, 'x.txt')).message).toBe(
      `model file 'x.txt': expected 65 weights for layers [6,8,1], found 64 — re-save the model or fix "layers"`,
    );
    // a weight moved to the next row: right count, wrong shape
    const moved = lines.map((l, k) => (k === wIdx ? l.split(' ').slice(1).join(' ') : k === wIdx + 1 ? `1 ${l}` : l)).join('\n');
    expect(errorOf(() => parseModelText(moved, 'x.txt')).problem).toMatch(new RegExp(`^line ${wIdx + 1}: expected 6 numbers`));
    expect(errorOf(() => parseModelText(withLine(wIdx, lines[wIdx].replace(/^\S+/, 'NaN')), 'x.txt')).problem).toMatch(
      new RegExp(`^line ${wIdx + 1}: weight 0 \\(layer 1, neuron 1, input 1\\): NaN is not a finite number`),
    );
    expect(errorOf(() => parseModelText(text.replace('o1-model 1', 'o1-model 7'), 'x.txt')).problem).toMatch(/newer/);
    expect(errorOf(() => parseModelText(text.replace('o1-model 1', 'o1-model x'), 'x.txt')).problem).toMatch(/unsupported header/);
    expect(errorOf(() => parseModelText(text.replace('window 5', 'windw 5'), 'x.txt')).problem).toMatch(/unknown key "windw"/);
    expect(errorOf(() => parseModelText(text.replace('beta 0.9\n', ''), 'x.txt')).problem).toMatch(/missing "beta"/);
    expect(errorOf(() => parseModelText(text.replace('beta 0.9', 'beta 0.9 0.8'), 'x.txt')).problem).toMatch(/one value/);
    expect(errorOf(() => parseModelText(text.replace('beta 0.9', 'beta 0.9\nbeta 0.8'), 'x.txt')).problem).toMatch(/twice/);
    expect(errorOf(() => parseModelText(text.replace('window 5', 'window 0x5'), 'x.txt')).problem).toMatch(/not a number/);
    expect(errorOf(() => parseModelText(text.replace('layers 6 8 1', 'layers 6 8 2'), 'x.txt')).problem).toMatch(/1 output/);
    const noProv = lines.filter((l) => !l.startsWith('provenance')).join('\n');
    expect(errorOf(() => parseModelText(noProv, 'x.txt')).problem).toMatch(/truncated: no "provenance" line/);
    expect(errorOf(() => parseModelText(lines.slice(0, wIdx + 2).join('\n'), 'x.txt')).problem).toMatch(
      /truncated: it stops after 12 of the 65 weights for layers \[6,8,1\]/,
    );
    expect(errorOf(() => parseModelText(`${text}1 2 3\n`, 'x.txt')).problem).toMatch(/after the "provenance" line/);
    expect(errorOf(() => parseModelText(text.replace(/provenance .*/, 'provenance [1]'), 'x.txt')).problem).toMatch(/object or null/);
  });
});

// ---- files ----
describe('loadModel / saveModel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'o1-model-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves and loads both formats by extension, and sniffs other extensions', () => {
    const m = sampleModel();
    for (const name of ['a.json', 'b.txt', 'c.model', 'D.JSON']) {
      const p = join(dir, name);
      saveModel(m, p);
      expectSameModel(loadModel(p), m);
    }
    expect(readFileSync(join(dir, 'b.txt'), 'utf8').startsWith('o1-model 1\n')).toBe(true);
    expect(readFileSync(join(dir, 'c.model'), 'utf8').startsWith('{')).toBe(true); // unknown ext → JSON
    writeFileSync(join(dir, 'e.model'), modelToText(m));
    expectSameModel(loadModel(join(dir, 'e.model')), m); // sniffed as text
    expectSameModel(parseModel(`  \n${modelToJson(m)}`, 'inline'), m);
  });

  it('is atomic: no temporary file is left, an existing file is replaced whole', () => {
    const sub = join(dir, 'atomic');
    mkdirSync(sub);
    const p = join(sub, 'model.json');
    const a = sampleModel();
    saveModel(a, p);
    const b = randomO1Model(new Rng(5), undefined, undefined, 'b');
    saveModel(b, p);
    expect(readdirSync(sub)).toEqual(['model.json']);
    expectSameModel(loadModel(p), b);
  });

  it('a failed save leaves the old file and no temporary file', () => {
    const sub = join(dir, 'failed');
    mkdirSync(sub);
    const p = join(sub, 'model.txt');
    const a = sampleModel();
    saveModel(a, p);
    const bad = { ...sampleModel(), weights: Float64Array.from(a.weights).fill(NaN, 0, 1) };
    expect(() => saveModel(bad, p)).toThrow(ModelFileError);
    const badProv = { ...sampleModel(), provenance: { big: 1n } as Record<string, unknown> };
    expect(() => saveModel(badProv, p)).toThrow(ModelFileError);
    expect(readdirSync(sub)).toEqual(['model.txt']);
    expectSameModel(loadModel(p), a);
    // A missing directory is created; a path through a regular file cannot be.
    const nowhere = join(p, 'model.json');
    const e = errorOf(() => saveModel(a, nowhere));
    expect(e.problem).toMatch(/cannot write/);
  });

  it('unreadable paths are ModelFileErrors', () => {
    expect(errorOf(() => loadModel(join(dir, 'nope.json'))).problem).toMatch(/no such file/);
    expect(errorOf(() => loadModel(dir)).problem).toMatch(/directory/);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect(errorOf(() => loadModel(empty)).message).toMatch(/^model file '.*empty\.json': the file is empty/);
    const blob = join(dir, 'blob.bin');
    writeFileSync(blob, Buffer.from([0, 1, 2, 255, 254, 10, 13]));
    errorOf(() => loadModel(blob));
  });
});
