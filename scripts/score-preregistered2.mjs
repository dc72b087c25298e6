#!/usr/bin/env node
// Scores models on the second pre-registered split in ONE process, the baseline runs shared
// (src/bench/mlMemoRunner.ts: a baseline job's result does not depend on the o1 model), so a
// candidate and the model it replaces cost little more than one. Each model's JSON is byte for
// byte what `o1 bench --suite preregistered-2 --model M --json` prints (same options; tested on a
// shrunk manifest in test/bench.preregistered2.test.ts). Needs `npm run build` (workers run dist/).
//   node scripts/score-preregistered2.mjs --out DIR [--workers N] MODEL [MODEL …]
// writes DIR/<k>.json (k = 1, 2, … in the order given), DIR/<k>/ (report), DIR/times.txt, and
// DIR/<k>.partial.json after each finished part (budget order; the start-scale part after 1000 steps).
import { mkdirSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const { runPreregistered2, preregistered2Json, writePreregistered2Report } = await load('src/bench/preregistered2Suite.js');
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
const out = take('--out');
const workers = Number(take('--workers') ?? availableParallelism());
if (!out || args.length === 0 || !(workers >= 1)) {
  console.error('usage: node scripts/score-preregistered2.mjs --out DIR [--workers N] MODEL [MODEL …]');
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
    writeFileSync(`${file}.part.tmp`, preregistered2Json(part));
    renameSync(`${file}.part.tmp`, join(dir, `${k + 1}.partial.json`));
    appendFileSync(join(dir, 'times.txt'), `${k + 1} ${ref}: part ${part.horizons.map((h) => h.steps).join(',')}${part.startScale ? ' + start scales' : ''} at ${new Date().toISOString()}\n`);
  };
  const r = await runPreregistered2({ model, modelRef: ref, engine: () => getEngine('wasm'), bootstrap: DEFAULT_BOOTSTRAP, trajectories: 0, workers, mlRunner: runner }, { onPart });
  writeFileSync(`${file}.tmp`, preregistered2Json(r));
  renameSync(`${file}.tmp`, file);
  writePreregistered2Report(r, join(dir, `${k + 1}`), []);
  appendFileSync(join(dir, 'times.txt'), `${k + 1} ${ref}: done, ${((Date.now() - t0) / 1000).toFixed(0)} s wall, baseline ML jobs reused so far ${runner.reused()}, ${new Date().toISOString()}\n`);
};
try {
  const cpu0 = process.cpuUsage();
  await Promise.all(args.map(scoreOne));
  const cpu = process.cpuUsage(cpu0);
  appendFileSync(join(dir, 'times.txt'), `all: process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s (workers included)\n`);
} finally {
  await runner.close();
}
