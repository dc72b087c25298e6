#!/usr/bin/env node
// Which training strategy should be the default? Every variant gets the same budget of candidate
// evaluations, on several seeds; each trained model is then scored on one fixed set of held-out
// starts (seed 12345, 64 per function) that no training run saw.
// Usage: npm run build && node scripts/compare-strategies.mjs [--budget 1500] [--seeds 1,2,3] [--json]
import { makeTrainConfig } from '../dist/src/train/config.js';
import { initialCheckpoint, train, o1ConfigFor } from '../dist/src/train/train.js';
import { threadEvaluator } from '../dist/src/train/pool.js';
import { generationTasks } from '../dist/src/train/tasks.js';
import { scoreOnTasks } from '../dist/src/train/evaluate.js';
import { getEngine } from '../dist/src/engine/index.js';
import { availableParallelism } from 'node:os';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const budget = Number(arg('budget', '1500'));
const seeds = arg('seeds', '1,2,3').split(',').map(Number);

const VARIANTS = {
  'notebook (as in the notebook)': { strategy: 'notebook', crn: false, elitism: false, mirrored: false, adaptSigma: false, selection: 'best' },
  'notebook + CRN': { strategy: 'notebook', crn: true, elitism: false, mirrored: false, adaptSigma: false, selection: 'best' },
  'notebook + CRN + elitism': { strategy: 'notebook', crn: true, elitism: true, mirrored: false, adaptSigma: false, selection: 'best' },
  'notebook + CRN + elitism + mirrored + 1/5th σ': { strategy: 'notebook', crn: true, elitism: true, mirrored: true, adaptSigma: true, selection: 'best' },
  'notebook + CRN + elitism + 1/5th σ + rank recombination': { strategy: 'notebook', crn: true, elitism: true, mirrored: true, adaptSigma: true, selection: 'ranks' },
  'openai-es (mirrored, centred ranks, Adam)': { strategy: 'openai-es', crn: true, sigma: 0.1 },
  cmaes: { strategy: 'cmaes', crn: true },
};

const engine = await getEngine('wasm');
const evaluator = await threadEvaluator('wasm', availableParallelism());
const rows = [];
for (const [label, v] of Object.entries(VARIANTS)) {
  const scores = [];
  for (const seed of seeds) {
    const probe = makeTrainConfig({ ...v, seed }, label);
    const perGen = probe.population + (v.strategy === 'notebook' && (probe.elitism || probe.adaptSigma) ? 1 : 0);
    const cfg = makeTrainConfig({ ...v, seed, generations: Math.max(1, Math.floor(budget / perGen)) }, label);
    const t0 = performance.now();
    const result = await train(initialCheckpoint(cfg), evaluator);
    const heldOut = generationTasks(12345, 0, cfg.functions.map((name) => ({ name, n: cfg.dims })), 64);
    const s = scoreOnTasks(engine, { kind: 'o1', model: { config: o1ConfigFor(cfg), weights: result.model.weights } }, heldOut, cfg.steps, 'final');
    scores.push({ seed, score: s.reduce((a, b) => a + b, 0) / s.length, seconds: (performance.now() - t0) / 1000, generations: cfg.generations });
  }
  const mean = scores.reduce((a, b) => a + b.score, 0) / scores.length;
  rows.push({ label, mean, scores });
  if (!process.argv.includes('--json')) console.log(`${label.padEnd(58)} mean ${mean.toFixed(3)}  [${scores.map((s) => s.score.toFixed(3)).join(', ')}]  (${scores[0].generations} generations, ${scores.map((s) => s.seconds.toFixed(1)).join('/')} s)`);
}
await evaluator.close();
if (process.argv.includes('--json')) console.log(JSON.stringify({ budget, seeds, rows }, null, 1));
