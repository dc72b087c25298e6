#!/usr/bin/env node
// Chooses the web demo's opening race from measured runs, not by hand (issue 24 item 7): for
// every 2-D function with a seeded start (the start `o1 run --fn F --seed S` draws) it races o1
// (the shipped model, as it is), Adam and SGD-momentum with their lrs tuned by the benchmark's
// per-function rule (o1 viz's --tune: src/bench/tuneOne.ts, 16 tuning starts from seed 0), 300
// steps, and keeps the races where every path is visible:
//   - the start is inside the plotted box, away from its edges (≥ 10 % of the span);
//   - no path leaves the box or diverges, and every path moves ≥ 5 % of the span (not a dot);
//   - o1's loss never rises above 2× its start value (no opening jump);
//   - little of o1's travel (its points > 5 % of the span from where it ends) lies on another
//     path (within 1 % of the span): `overlap` ≤ 0.25.
// Among those it ranks by overlap (lowest first). It does not look at who wins: o1's final gap
// against the baselines is printed for each race, whatever it is. Needs `npm run build`.
//   node scripts/choose-demo-race.mjs            # prints the table and the choice
import { getEngine } from '../dist/src/engine/index.js';
import { FUNCTIONS } from '../dist/src/functions/index.js';
import { resolveModel } from '../dist/src/model/resolve.js';
import { getOptimizer, resolveHyper } from '../dist/src/optimizers/index.js';
import { tuneLrOnFunction } from '../dist/src/bench/tuneOne.js';
import { runRace } from '../dist/src/viz/race.js';
import { plotBox } from '../dist/src/viz/grid.js';
import { Rng, deriveSeed } from '../dist/src/rng.js';

const STEPS = 300;
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];
const engine = await getEngine('wasm');
const model = resolveModel(undefined);

function seededStart(fn, seed) {
  const box = fn.domain(2);
  const r = new Rng(seed);
  // as the demo's seededStart (web/src/state.ts roundToBox): rounded to the box's scale
  const round = (v, span) => Number(v.toFixed(Math.min(Math.max(0, Math.ceil(-Math.log10(span / 1000))), 12)));
  const x = r.range(box.lo[0], box.hi[0]);
  const y = r.range(box.lo[1], box.hi[1]);
  return [round(x, box.hi[0] - box.lo[0]), round(y, box.hi[1] - box.lo[1])];
}

function tuned(fn, name) {
  const spec = getOptimizer(name);
  const rng = new Rng(deriveSeed(0, 'viz-tune'));
  const box = fn.domain(2);
  const starts = Float64Array.from({ length: 32 }, (_, i) => rng.range(box.lo[i % 2], box.hi[i % 2]));
  return tuneLrOnFunction(engine, fn, 2, spec, resolveHyper(spec, {}), starts, STEPS).lr;
}

const rows = [];
for (const fn of FUNCTIONS.filter((f) => f.defaultDims === 2)) {
  const lr = { adam: tuned(fn, 'adam'), momentum: tuned(fn, 'momentum') };
  for (const seed of SEEDS) {
    const start = seededStart(fn, seed);
    const entries = [
      { label: 'o1', optimizer: { kind: 'o1', model } },
      ...['adam', 'momentum'].map((n) => ({ label: n, optimizer: { kind: 'baseline', spec: getOptimizer(n), hyper: resolveHyper(getOptimizer(n), { lr: lr[n] }) } })),
    ];
    const runs = runRace({ fn, entries, starts: [start], steps: STEPS }, engine).flat();
    const box = plotBox(fn, [start]);
    const span = Math.max(box.x[1] - box.x[0], box.y[1] - box.y[0]);
    const inside = (p) => p[0] >= box.x[0] && p[0] <= box.x[1] && p[1] >= box.y[0] && p[1] <= box.y[1];
    const margin = Math.min((start[0] - box.x[0]) / (box.x[1] - box.x[0]), (box.x[1] - start[0]) / (box.x[1] - box.x[0]), (start[1] - box.y[0]) / (box.y[1] - box.y[0]), (box.y[1] - start[1]) / (box.y[1] - box.y[0]));
    const allInside = runs.every((r) => !r.diverged && r.x.every(inside));
    const o1 = runs[0];
    const jump = Math.max(...o1.loss) / o1.loss[0];
    const others = runs.slice(1).flatMap((r) => r.x);
    // o1's travel (its points farther than 5 % of the span from where it ends: paths that meet at
    // the same minimum are not hidden by it) and the share of it drawn on another path.
    const end = o1.x[o1.x.length - 1];
    const travel = o1.x.filter((p) => Math.hypot(p[0] - end[0], p[1] - end[1]) > 0.05 * span);
    const near = travel.filter((p) => others.some((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) < 0.01 * span)).length;
    const overlap = travel.length ? near / travel.length : 1;
    const fmin = fn.fmin(2);
    const gap = (r) => Math.max(r.finalLoss - fmin, 1e-12);
    const moved = Math.min(...runs.map((r) => Math.max(...r.x.map((p) => Math.hypot(p[0] - start[0], p[1] - start[1]))))) / span;
    const ok = margin >= 0.1 && allInside && jump <= 2 && overlap <= 0.25 && moved >= 0.05;
    rows.push({ fn: fn.name, seed, start, lr, margin, allInside, jump, overlap, moved, gaps: runs.map(gap), ok });
  }
}
const fmt = (v) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(Number(v.toPrecision(3))));
console.log('fn seed start | adam lr, momentum lr | start margin, all inside, o1 max loss / start loss, o1 overlap, least move | final gap o1 adam momentum | ok');
for (const r of rows)
  console.log(`${r.fn} ${r.seed} (${r.start.join(', ')}) | ${fmt(r.lr.adam)}, ${fmt(r.lr.momentum)} | ${fmt(r.margin)}, ${r.allInside}, ${fmt(r.jump)}, ${fmt(r.overlap)}, ${fmt(r.moved)} | ${r.gaps.map(fmt).join(' ')} | ${r.ok ? 'ok' : '-'}`);
const best = rows.filter((r) => r.ok).sort((a, b) => a.overlap - b.overlap || a.jump - b.jump)[0];
console.log(best ? `chosen: ${best.fn} seed ${best.seed} start (${best.start.join(', ')}), adam lr ${best.lr.adam}, momentum lr ${best.lr.momentum}, ${STEPS} steps` : 'no race passes the checks');
