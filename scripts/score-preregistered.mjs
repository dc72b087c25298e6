#!/usr/bin/env node
// Scores models on a pre-registered split in split 2's form (--split 2 or 3) in ONE process, the baseline runs shared
// (src/bench/mlMemoRunner.ts: a baseline job's result does not depend on the o1 model), so a
// candidate and the model it replaces cost little more than one. Each model's JSON is byte for
// byte what `o1 bench --suite preregistered-N --model M --json` prints (same options; tested on a
// shrunk manifest in test/bench.preregistered2.test.ts). Needs `npm run build` (workers run dist/).
//   node scripts/score-preregistered.mjs --split N --out DIR [--workers N] [--budgets A,B] [--wait-for FILE] MODEL [MODEL …]
// --budgets runs only those horizons (e.g. 5000 alone, a part left unscored; the start-scale part
// runs only when its budget is among them). --wait-for FILE: once FILE exists (polled every 20 s),
// score it too, as the last model, in the same process: a model selected later then reuses every
// baseline job already run for the others (its JSON is still what `o1 bench` prints for it).
// writes DIR/<k>.json (k = 1, 2, … in the order given), DIR/<k>/ (report), DIR/times.txt, and
// DIR/<k>.partial.json after each finished part (budget order; the start-scale part after 1000 steps).
import { existsSync, mkdirSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const { SPLITS, runPreregisteredSplit, preregisteredSplitJson, writePreregisteredSplitReport } = await load('src/bench/preregisteredSplitSuite.js');
const { memoMlRunner } = await load('src/bench/mlMemoRunner.js');
const { benchMlRunner } = await load('src/bench/ml/tasks.js');
const { resolveModel } = await load('src/model/resolve.js');
const { getEngine } = await load('src/engine/index.js');
const { DEFAULT_BOOTSTRAP } = await load('src/bench/protocol.js');

const args = process.argv.slice(2);
const take = (flag) => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const split = SPLITS[`preregistered-${take('--split')}`];
const budgets = take('--budgets')?.split(',').map(Number);
const waitFor = take('--wait-for');
const out = take('--out');
const workers = Number(take('--workers') ?? availableParallelism());
if (!split || !out || args.length === 0 || !(workers >= 1) || (budgets && !budgets.every((b) => [...split.functionBudgets, ...split.mlBudgets].includes(b)))) {
  console.error('usage: node scripts/score-preregistered.mjs --split 2|3 --out DIR [--workers N] [--budgets A,B] [--wait-for FILE] MODEL [MODEL …] (budgets: the split\'s own)');
  process.exit(2);
}
const dir = resolve(out);
mkdirSync(dir, { recursive: true });
const runner = memoMlRunner(benchMlRunner(workers, 'wasm'));
// The models side by side (each baseline job runs once, whichever model asks first; in flight: waited for), so a run cut
// short by a deadline has the same parts for every model.
const scoreOne = async (ref, k) => {
  const t0 = Date.now();
  const model = resolveModel(ref);
  const file = join(dir, `${k + 1}.json`);
  // Each finished part (horizon, start-scale part) is kept in <k>.partial.json as it comes.
  const onPart = (part) => {
    writeFileSync(`${file}.part.tmp`, preregisteredSplitJson(part));
    renameSync(`${file}.part.tmp`, join(dir, `${k + 1}.partial.json`));
    appendFileSync(join(dir, 'times.txt'), `${k + 1} ${ref}: part ${part.horizons.map((h) => h.steps).join(',')}${part.startScale ? ' + start scales' : ''} at ${new Date().toISOString()}\n`);
  };
  const r = await runPreregisteredSplit(split, { model, modelRef: ref, engine: () => getEngine('wasm'), bootstrap: DEFAULT_BOOTSTRAP, trajectories: 0, workers, mlRunner: runner }, { onPart, budgets });
  writeFileSync(`${file}.tmp`, preregisteredSplitJson(r));
  renameSync(`${file}.tmp`, file);
  writePreregisteredSplitReport(r, join(dir, `${k + 1}`), []);
  appendFileSync(join(dir, 'times.txt'), `${k + 1} ${ref}: done, ${((Date.now() - t0) / 1000).toFixed(0)} s wall, baseline ML jobs reused so far ${runner.reused()}, ${new Date().toISOString()}\n`);
};
try {
  const cpu0 = process.cpuUsage();
  const later = async () => {
    if (!waitFor) return;
    while (!existsSync(waitFor)) await new Promise((r) => setTimeout(r, 20000));
    appendFileSync(join(dir, 'times.txt'), `${args.length + 1} ${waitFor}: found at ${new Date().toISOString()}\n`);
    await scoreOne(waitFor, args.length);
  };
  await Promise.all([...args.map(scoreOne), later()]);
  const cpu = process.cpuUsage(cpu0);
  appendFileSync(join(dir, 'times.txt'), `all: process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s (workers included)\n`);
} finally {
  await runner.close();
}
