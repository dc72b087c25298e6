// The web demo's pure modules: the URL state (a link reproduces the view; anything invalid in
// it is reported and replaced, never trusted) and models carried in links (parsed as data by
// the CLI's own parser).
import { describe, expect, it } from 'vitest';
import { OPENING_RACE, defaultState, parseState, roundToBox, seededStart, serializeState, cliCommand, fromBase64Url, toBase64Url } from '../web/src/state.js';
import { modelFromUrlData, modelToUrlData, parseModelFile } from '../web/src/models.js';
import { Playback } from '../web/src/race.js';
import { randomO1Model } from '../src/o1/o1.js';
import { modelToText } from '../src/model/text.js';
import { ModelFileError } from '../src/model/format.js';
import { Rng } from '../src/rng.js';

describe('web state in the URL', () => {
  it('round-trips every field', () => {
    const s = { ...defaultState(), fn: 'himmelblau', start: [1.25, -0.5] as [number, number], opts: ['o1', 'adam', 'rmsprop'], hyper: { adam: { lr: 0.02, beta2: 0.99 }, rmsprop: { alpha: 0.9 } }, steps: 123, seed: 7, speed: 250, view: 'surface' as const, model: { kind: 'random' as const } };
    const q = serializeState(s);
    expect(q).toContain('start=1.25,-0.5');
    const back = parseState(q);
    expect(back.problems).toEqual([]);
    expect(back.state).toEqual(s);
  });

  it('reports and replaces what is invalid', () => {
    const { state, problems } = parseState('?fn=nope&start=1,x&opt=adam,evil&adam.lr=-1&adam.bogus=1&steps=1e9&seed=0.5&view=x&model=<script>');
    expect(state.fn).toBe(OPENING_RACE.fn);
    expect(state.opts).toEqual(['adam']);
    expect(state.hyper).toEqual({});
    expect(state.steps).toBe(defaultState().steps);
    expect(state.model).toEqual({ kind: 'default' });
    expect(problems.length).toBeGreaterThanOrEqual(8);
  });

  it('a function without a start gets the seeded draw of `o1 run --seed`', () => {
    const { state } = parseState('?fn=booth&seed=4');
    expect(state.start).toEqual(seededStart('booth', 4));
    const r = new Rng(4);
    expect(state.start[0]).toBeCloseTo(r.range(-10, 10), 2);
  });

  it('clicks round to ~1/1000 of the box; the CLI line reproduces the race', () => {
    expect(roundToBox(1.234567, 4)).toBe(1.235);
    expect(roundToBox(-123.4567, 200)).toBe(-123.5);
    const s = { ...defaultState(), hyper: { adam: { lr: 0.05 } } };
    expect(cliCommand(s)).toBe('o1 viz --fn goldstein --opt o1,adam:lr=0.05,momentum --start 1.497,-0.646 --steps 300 --out race.svg');
  });

  it('the opening race is scripts/choose-demo-race.mjs\'s choice: goldstein from seed 1\'s start, tuned lrs', () => {
    const s = defaultState();
    expect(s.fn).toBe('goldstein');
    expect(s.start).toEqual(seededStart('goldstein', 1));
    expect(s.hyper).toEqual({ adam: { lr: 1 }, momentum: { lr: 1e-5 } });
  });
});

describe('models in links and files', () => {
  it('a model survives the link; a tampered link is a ModelFileError', () => {
    const m = randomO1Model(new Rng(9), undefined, undefined, 'linked');
    const back = modelFromUrlData(modelToUrlData(m));
    expect(Array.from(back.weights)).toEqual(Array.from(m.weights));
    expect(back.name).toBe('linked');
    const evil = toBase64Url('{"format":"o1-model","version":1,"config":{},"weights":[]}');
    expect(() => modelFromUrlData(evil)).toThrow(ModelFileError);
    expect(() => modelFromUrlData('%%%')).toThrow(ModelFileError);
    expect(fromBase64Url(toBase64Url('π ≈ 3'))).toBe('π ≈ 3');
  });

  it('files are parsed by extension, else sniffed, with the CLI messages', () => {
    const m = randomO1Model(new Rng(1));
    expect(parseModelFile(modelToText(m), 'm.txt').weights).toEqual(m.weights);
    expect(parseModelFile(modelToText(m), 'no-extension').weights).toEqual(m.weights);
    expect(() => parseModelFile('{"weights": "alert(1)"}', 'x.json')).toThrow(/model file 'x.json'/);
  });
});

describe('playback', () => {
  it('advances at its speed and stops at the end', () => {
    const p = new Playback(100, 50);
    p.play();
    expect(p.tick(100)).toBe(true);
    expect(p.t).toBe(5);
    p.tick(10_000);
    expect(p.t).toBe(100);
    expect(p.playing).toBe(false);
    p.play();
    expect(p.t).toBe(0);
    p.step();
    expect([p.t, p.playing]).toEqual([1, false]);
  });
});

describe("o1's knobs in the demo", () => {
  it('a link opt=o1:lr=0.5 races the mapped model (labelled), a bad knob is reported, the CLI line carries it', async () => {
    const { raceEntries } = await import('../web/src/race.js');
    const { withKnobs } = await import('../src/o1/knobs.js');
    const { loadModel } = await import('../src/model/io.js');
    const { PACKAGE_ROOT } = await import('../src/paths.js');
    const { join } = await import('node:path');
    const shipped = loadModel(join(PACKAGE_ROOT, 'models', 'default.json'));
    const { state, problems } = parseState('?opt=o1:lr=0.5,adam');
    expect(problems).toEqual([]);
    expect(state.hyper.o1).toEqual({ lr: 0.5 });
    const [o1] = raceEntries(state, shipped);
    expect(o1.label).toMatch(/^o1.* lr=0\.5$/);
    expect(o1.optimizer.kind === 'o1' && o1.optimizer.model.config).toEqual(withKnobs(shipped, { lr: 0.5 }).config);
    expect(cliCommand(state)).toContain('--opt o1:lr=0.5,adam');
    expect(parseState('?opt=o1:lr=-3').problems.join(' ')).toMatch(/lr = -3 is out of range/);
    // An untrained ('absolute') network has no step unit: raced without the knob, and said so.
    const [plain] = raceEntries(state, randomO1Model(new Rng(1)));
    expect(plain.label).toMatch(/not applied/);
  });
});
