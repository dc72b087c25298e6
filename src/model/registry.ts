// The model registry (./models or $O1_MODELS_DIR) keeps each model as a pair: NAME.json, the
// canonical file every lookup reads, and NAME.txt, derived from it for people. The pair is written
// as one unit — JSON first, then the text — so a crash between the two renames leaves a complete
// NAME.json with the text missing (or stale); the next look-up of NAME re-derives the text and says
// so. A NAME.txt that differs from its NAME.json for any other reason (the user edited it) is never
// overwritten: the notice says which file o1 used. Temp files of writes that died
// (`.NAME.PID.N.tmp`, see util/atomicWrite.ts) are removed.
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { O1Model } from '../o1/o1.js';
import { loadModel, saveModel } from './io.js';
import { modelToText } from './text.js';

/** Where notices about repairs go (the CLI prints them on stderr; silent by default). */
let notify: (message: string) => void = () => {};

export function onRegistryNotice(fn: (message: string) => void): void {
  notify = fn;
}

const TEMP = /^\.(.+)\.(\d+)\.(\d+)\.tmp$/;
// A write takes milliseconds: a temp file this much older than this process is abandoned even
// if its PID has been reused by another live process.
const ABANDONED_MS = 60_000;

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** Removes the temp files in `dir` left by writes that died; returns their names. */
export function cleanStaleTemps(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const started = now - process.uptime() * 1000;
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid) continue; // one of ours, maybe being written right now
    const file = join(dir, name);
    try {
      const st = statSync(file);
      if (!st.isFile()) continue;
      if (!pidAlive(pid) || st.mtimeMs < started - ABANDONED_MS) {
        unlinkSync(file);
        removed.push(name);
      }
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}

/** Saves `model` as NAME.json then NAME.txt in `dir`; returns both paths. */
export function saveRegistryModel(model: O1Model, dir: string, name: string): [string, string] {
  cleanStaleTemps(dir);
  const json = join(dir, `${name}.json`);
  const txt = join(dir, `${name}.txt`);
  saveModel(model, json);
  saveModel(model, txt);
  return [json, txt];
}

/** After loading NAME.json (`model`) from `dir`: re-derives a missing NAME.txt (a save cut short
 *  between its two renames) and reports a NAME.txt that disagrees with it. */
export function checkRegistryPair(dir: string, name: string, model: O1Model): void {
  const removed = cleanStaleTemps(dir);
  if (removed.length) notify(`removed ${removed.length} temp file(s) of interrupted writes in ${dir}: ${removed.join(', ')}`);
  const txt = join(dir, `${name}.txt`);
  const expected = modelToText(model, txt);
  if (!existsSync(txt)) {
    try {
      saveModel(model, txt);
      notify(`${txt} was missing (a save interrupted after ${name}.json); re-derived it from ${name}.json`);
    } catch {
      /* a read-only registry: the JSON is complete and is what o1 reads */
    }
    return;
  }
  let same = false;
  try {
    same = readFileSync(txt, 'utf8') === expected || sameModel(loadModel(txt), model);
  } catch {
    same = false;
  }
  if (!same) notify(`${txt} differs from ${name}.json; o1 uses ${name}.json (the canonical file) — to use the text, pass --model ${txt}`);
}

function sameModel(a: O1Model, b: O1Model): boolean {
  return modelToText(a) === modelToText(b);
}
