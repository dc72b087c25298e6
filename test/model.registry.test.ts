// The registry pair written as one unit (issue 15 item 6): NAME.json canonical, NAME.txt derived;
// a save cut between the two renames is repaired on the next look-up (and said), an edited .txt is
// never overwritten, and temp files of writes that died are removed — never a live writer's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { loadModel, saveModel } from '../src/model/io.js';
import { cleanStaleTemps, onRegistryNotice, saveRegistryModel } from '../src/model/registry.js';
import { resolveModel } from '../src/model/resolve.js';
import { modelToText } from '../src/model/text.js';

const model = loadModel(join(PACKAGE_ROOT, 'models', 'default.json'));
let dir: string;
let notices: string[];
const oldEnv = process.env.O1_MODELS_DIR;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'o1-registry-'));
  process.env.O1_MODELS_DIR = dir;
  notices = [];
  onRegistryNotice((m) => notices.push(m));
});
afterEach(() => {
  onRegistryNotice(() => {});
  if (oldEnv === undefined) delete process.env.O1_MODELS_DIR;
  else process.env.O1_MODELS_DIR = oldEnv;
  rmSync(dir, { recursive: true, force: true });
});

describe('the model registry pair', () => {
  it('saves NAME.json and the NAME.txt derived from it', () => {
    const [json, txt] = saveRegistryModel(model, dir, 'm1');
    expect(readFileSync(txt, 'utf8')).toBe(modelToText(loadModel(json), txt));
    resolveModel('m1');
    expect(notices).toEqual([]);
  });

  it('a save killed before the .txt rename: the look-up re-derives NAME.txt and says so', () => {
    saveModel(model, join(dir, 'm2.json')); // the first rename happened, the second did not
    writeFileSync(join(dir, `.m2.txt.${process.pid + 100000}.1.tmp`), 'o1-model 1\nfeat'); // its half-written temp
    const m = resolveModel('m2');
    expect(readFileSync(join(dir, 'm2.txt'), 'utf8')).toBe(modelToText(m));
    expect(notices.join('\n')).toMatch(/m2\.txt was missing .*re-derived it from m2\.json/);
    expect(notices.join('\n')).toMatch(/removed 1 temp file/);
    expect(existsSync(join(dir, `.m2.txt.${process.pid + 100000}.1.tmp`))).toBe(false);
  });

  it('a NAME.txt that disagrees is reported, never overwritten; NAME.json is what loads', () => {
    saveRegistryModel(model, dir, 'm3');
    const edited = readFileSync(join(dir, 'm3.txt'), 'utf8').replace(/^beta .*$/m, 'beta 0.5');
    writeFileSync(join(dir, 'm3.txt'), edited);
    expect(resolveModel('m3').config.beta).toBe(model.config.beta);
    expect(readFileSync(join(dir, 'm3.txt'), 'utf8')).toBe(edited);
    expect(notices).toEqual([expect.stringMatching(/m3\.txt differs from m3\.json; o1 uses m3\.json .*--model .*m3\.txt/)]);
  });

  it('removes temp files of dead writers and old ones, keeps a live writer\'s and its own', () => {
    const dead = `.a.json.${2 ** 22 + 12345}.1.tmp`; // above Linux's default pid_max: not a live pid
    const live = `.b.json.${process.ppid}.1.tmp`; // the parent is alive and the file is fresh
    const own = `.c.json.${process.pid}.7.tmp`;
    const oldLive = `.d.json.${process.ppid}.2.tmp`;
    for (const f of [dead, live, own, oldLive, 'e.json']) writeFileSync(join(dir, f), '');
    const longAgo = new Date(Date.now() - process.uptime() * 1000 - 3_600_000);
    utimesSync(join(dir, oldLive), longAgo, longAgo);
    expect(cleanStaleTemps(dir).sort()).toEqual([dead, oldLive].sort());
    for (const f of [live, own, 'e.json']) expect(existsSync(join(dir, f))).toBe(true);
  });
});
