// `o1 viz`: race optimizers on a 2-D test function and plot it — contours (or the 3-D surface)
// with the paths and the global minima, the loss per iteration (log y) and o1's lr per step —
// as SVG, or PNG rendered from that SVG by resvg.
import { Command, Option } from 'commander';
import { extname } from 'node:path';
import type { CliIO } from '../io.js';
import { UsageError } from '../errors.js';
import { hasEmptyItem, parseInteger, parseNumber, parseVector } from '../parse.js';
import { resolveObjective } from '../resolveObjective.js';
import { flagsFor, givenHyperFlags, hyperOptions, resolveChoice } from '../resolveOptimizer.js';
import { type HyperText, canonicalChoice, splitOptimizer, splitOptimizerList } from '../../optimizers/codec.js';
import { resolveModel } from '../../model/resolve.js';
import { randomO1Model, type O1Model } from '../../o1/o1.js';
import { Rng } from '../../rng.js';
import { type RaceEntry, type RaceRun, describeEntry, runRace } from '../../viz/race.js';
import { VIEWS, type ViewName, figure } from '../../viz/figure.js';
import { DEFAULT_CAMERA } from '../../viz/surface.js';
import { withOptionalPackages } from '../../util/optionalPackage.js';
import { writeFileAtomic } from '../../util/atomicWrite.js';
import { fmt } from '../../util/table.js';
import { checkOutputFile } from '../runDir.js';
import { MAX_SEED, MIN_SEED } from '../../util/limits.js';
import { DEFAULT_ENGINE, ENGINE_NAMES, getEngine } from '../../engine/index.js';
import type { Engine } from '../../engine/types.js';
import type { TestFunction } from '../../functions/types.js';
import type { Hyper } from '../../optimizers/types.js';
import { type TunedLr, tuneLrOnFunction } from '../../bench/tuneOne.js';
import { deriveSeed } from '../../rng.js';
import { testFunctionFromObjective } from '../../run/objective.js';
import { planeView } from '../../viz/slice.js';

// viz keeps every point of every path (it draws them): a million steps is 16 MB per run.
const MAX_VIZ_STEPS = 1_000_000;
const MAX_VIZ_POINTS = 4_000_000;

export interface VizOptions {
  fn?: string;
  fnModule?: string;
  dims?: string;
  opt: string;
  model?: string;
  start?: string;
  starts?: string;
  seed: string;
  steps: string;
  out?: string;
  '3d'?: boolean;
  view?: string;
  azimuth?: string;
  elevation?: string;
  scale: string;
  engine: string;
  json?: boolean;
  tune: boolean;
  tuneStarts: string;
  [hyper: string]: unknown;
}

/** The default model, or — while none is shipped yet — a seeded random one, said on stderr. */
function o1Model(ref: string | undefined, io: CliIO): O1Model {
  if (ref !== undefined) return resolveModel(ref);
  try {
    return resolveModel(undefined);
  } catch {
    io.err('o1 viz: no shipped default model yet; o1 runs an untrained random network (seed 1) — pass --model FILE\n');
    return randomO1Model(new Rng(1), undefined, undefined, 'random seed 1');
  }
}

/** "adam:lr=0.01:beta1=0.8" (the codec's form) → the entry; global hyper flags apply to every
 *  optimizer that accepts them, its own key=value pairs win. */
export function parseOptItem(item: string, global: readonly HyperText[], model: () => O1Model): RaceEntry {
  const { name, pairs } = splitOptimizer(item);
  const optimizer = resolveChoice(canonicalChoice(name, [...flagsFor(name, global), ...pairs]), model);
  return { label: describeEntry(optimizer), optimizer };
}

export function vizCommand(io: CliIO): Command {
  const cmd = new Command('viz')
    .description('race optimizers on a 2-D function and plot contours (or the 3-D surface) with paths, loss and o1\'s lr, as SVG or PNG')
    .option('--fn <name>', 'built-in test function (see `o1 functions`)')
    .option('--fn-module <path>', 'your own objective, as for `o1 run`: an ES module exporting f, grad, domain and optionally dims, fmin')
    .option('--dims <n>', 'dimension, for n-D functions (default 2): the race runs in n-D; the plot shows the plane of x1, x2 through the minimiser (or the first start) and the paths\' first two coordinates')
    .option('--opt <list>', 'optimizers (any case), comma-separated; per-optimizer hyper-parameters as name:key=value, e.g. o1,adam:lr=0.01:betas=0.9,0.99,SGD:momentum=0.9:nesterov=true', 'o1,adam,momentum')
    .option('--model <file|id>', 'o1 model file or id (default: the shipped model)')
    .option('--start <x,y>', 'start point (default: uniform in the domain, from --seed)')
    .option('--starts <K>', 'K start points drawn uniformly in the domain from --seed')
    .option('--seed <n>', 'seed for random starts', '0')
    .option('--steps <n>', 'steps per run', '200')
    .option('--out <file>', 'output file: .svg or .png (default o1-viz-<fn>.svg)')
    .option('--3d', 'the surface in 3-D (projected) instead of the contour plot')
    .addOption(new Option('--view <name>', 'what to draw: all (landscape, loss, lr), contour, surface, loss, lr').choices(VIEWS as string[]).default('all'))
    .option('--azimuth <deg>', `3-D camera azimuth (default ${DEFAULT_CAMERA.azimuth})`)
    .option('--elevation <deg>', `3-D camera elevation (default ${DEFAULT_CAMERA.elevation})`)
    .option('--scale <k>', 'PNG pixels per SVG unit', '1.5')
    .option('--no-tune', 'race baselines at their default lr (or the one given); by default a baseline without a given lr gets the lr the benchmark would pick for it on this function')
    .option('--tune-starts <K>', 'tuning starts per lr (drawn from --seed, apart from the plotted starts)', '16')
    .option('--json', 'print each run (optimizer, start, final point and f, divergence) and the file as JSON')
    .addOption(new Option('--engine <name>', 'wasm (the kernels the web demo runs) or ts (the reference `o1 run` uses); both give the same runs').choices(ENGINE_NAMES as string[]).default(DEFAULT_ENGINE));
  for (const o of hyperOptions((h) => `for every listed optimizer that has it; per optimizer: --opt NAME:${h}=V`)) cmd.addOption(o);
  return cmd.action(async (opts: VizOptions) => {
    const steps = parseInteger('--steps', opts.steps, 0, MAX_VIZ_STEPS);
    const objective = await resolveObjective(opts.fn, opts.fnModule, opts.dims);
    const n = objective.n;
    if (n < 2) throw new UsageError(`--dims ${n}: viz plots two coordinates; give a function of 2 or more dimensions`);
    if (!objective.builtin && !objective.domain)
      throw new UsageError(`--fn-module ${opts.fnModule}: viz takes its plot box and random starts from the module's domain — export domain ([[lo, hi], …], one pair per coordinate)`);
    const fn = objective.builtin ?? testFunctionFromObjective(objective);
    // f* known: the built-ins, or a module's fmin. Else the plots measure gaps from the lowest f
    // the race reaches, and baselines are not tuned (tuning ranks lrs by their gaps).
    const fminKnown = Number.isFinite(fn.fmin(n));
    const out = opts.out ?? `o1-viz-${objective.name}.svg`;
    const ext = extname(out).toLowerCase();
    if (ext !== '.svg' && ext !== '.png') throw new UsageError(`--out ${out}: give a .svg or .png file name`);
    checkOutputFile('--out', out); // before the race, not after it
    const scale = parseNumber('--scale', opts.scale);
    if (!(scale > 0 && scale <= 8)) throw new UsageError(`--scale ${opts.scale}: must be in (0, 8]`);

    const global = givenHyperFlags(opts);
    if (hasEmptyItem(opts.opt)) throw new UsageError(`--opt: '${opts.opt}' has an empty item; give comma-separated optimizers (e.g. --opt o1,adam)`);
    const names = splitOptimizerList(opts.opt);
    if (names.length === 0) throw new UsageError('--opt: give at least one optimizer, e.g. --opt o1,adam');
    let model: O1Model | undefined;
    const getModel = () => (model ??= o1Model(opts.model, io));
    const entries = names.map((item) => parseOptItem(item, global, getModel));
    if (opts.model !== undefined && !entries.some((e) => e.optimizer.kind === 'o1')) throw new UsageError('--model only applies when o1 is in --opt');
    for (const [h] of global)
      if (!names.some((n) => flagsFor(splitOptimizer(n).name, global).some(([k]) => k === h)))
        throw new UsageError(
          h === 'lr' && names.some((n) => splitOptimizer(n).name.toLowerCase() === 'o1')
            ? "--lr: viz's --lr sets the listed baselines' lr and none is listed; o1's own lr (a multiplier of its step unit) goes with it: --opt o1:lr=0.5"
            : `--${h}: none of ${names.join(', ')} has a hyper-parameter '${h}'`,
        );

    if (opts.start !== undefined && opts.starts !== undefined) throw new UsageError('give either --start or --starts, not both');
    let starts: number[][];
    if (opts.start !== undefined) starts = [parseVector('--start', opts.start, n)];
    else {
      const k = opts.starts === undefined ? 1 : parseInteger('--starts', opts.starts, 1);
      if (k > 64) throw new UsageError(`--starts ${k}: at most 64 start points fit on one plot`);
      const rng = new Rng(parseInteger('--seed', opts.seed, MIN_SEED, MAX_SEED));
      const box = fn.domain(n);
      // Same draw as `o1 run --seed` for the first start.
      starts = Array.from({ length: k }, () => box.lo.map((lo, i) => rng.range(lo, box.hi[i])));
    }
    // Every point of every path is kept for the plot: bound the total before running.
    const points = starts.length * entries.length * (steps + 1) * (n / 2);
    if (points > MAX_VIZ_POINTS)
      throw new UsageError(`--steps ${steps} × ${starts.length} start(s) × ${entries.length} optimizer(s) = ${points.toLocaleString('en-US')} path points, over the limit of ${MAX_VIZ_POINTS.toLocaleString('en-US')}: use fewer steps, starts or optimizers`);
    const camera = {
      azimuth: opts.azimuth === undefined ? DEFAULT_CAMERA.azimuth : parseNumber('--azimuth', opts.azimuth),
      elevation: opts.elevation === undefined ? DEFAULT_CAMERA.elevation : parseChoiceRange('--elevation', opts.elevation, -90, 90),
    };

    const engine = await getEngine(opts.engine as (typeof ENGINE_NAMES)[number]);
    if (opts.tune && !fminKnown) io.err(`o1 viz: ${objective.name} has no fmin, so baselines race at their default lr (export fmin to have them tuned)\n`);
    const tuned = opts.tune && fminKnown ? tuneEntries(entries, names, global, engine, fn, n, steps, parseInteger('--tune-starts', opts.tuneStarts, 1, 256), parseInteger('--seed', opts.seed, MIN_SEED, MAX_SEED)) : {};
    const runs = runRace({ fn, n, entries, starts, steps }, engine).flat();
    // An n-D start does not fit a title: the --json output has it.
    const startText = n > 2 ? '' : starts.length === 1 ? `from (${starts[0].map((v) => fmt(v, 4)).join(', ')}), ` : `${starts.length} starts, `;
    const plot = plotView(fn, n, starts[0], fminKnown ? undefined : lowestLoss(runs));
    const svg = figure({ fn: plot.fn, runs, threeD: opts['3d'] === true, view: opts.view as ViewName, camera, subtitle: `${startText}${steps} steps${plot.note}` });
    // resvg (an optional peer dependency) loads only for a PNG.
    const toPng = ext === '.png' ? (await withOptionalPackages('o1 viz --out *.png', ['@resvg/resvg-js'], () => import('../../plot/png.js'))).svgToPng : undefined;
    writeFileAtomic(out, toPng ? toPng(svg, scale) : svg);
    if (opts.json) {
      io.out(JSON.stringify({ function: objective.name, dims: n, steps, file: out, tuned, runs: runs.map(vizRunJson) }) + '\n');
      return;
    }
    for (const r of runs) io.out(`${r.label.padEnd(28)} final f = ${r.diverged ? `diverged at step ${r.divergedAt}` : fmt(r.finalLoss, 8)}\n`);
    io.out(`wrote ${out}\n`);
  });
}

/** Each baseline without a given lr gets the lr the benchmark's per-function rule picks on `fn`
 *  (src/bench/tuneOne.ts) from its own tuning starts; its label says so ("adam lr=0.3162 (tuned)",
 *  ‡ when the choice sits on the grid's hard bound). Returns what was chosen, by label. */
function tuneEntries(entries: RaceEntry[], items: readonly string[], global: readonly HyperText[], engine: Engine, fn: TestFunction, n: number, steps: number, k: number, seed: number): Record<string, TunedLr> {
  const chosen: Record<string, TunedLr> = {};
  const rng = new Rng(deriveSeed(seed, 'viz-tune'));
  const box = fn.domain(n);
  const tuneStarts = Float64Array.from({ length: n * k }, (_, i) => rng.range(box.lo[i % n], box.hi[i % n]));
  entries.forEach((e, i) => {
    const o = e.optimizer;
    if (o.kind !== 'baseline' || !o.spec.hyper.some((h) => h.name === 'lr')) return;
    const { name, pairs } = splitOptimizer(items[i]);
    if ([...flagsFor(name, global), ...pairs].some(([key]) => key === 'lr')) return; // the user's lr stands
    const t = tuneLrOnFunction(engine, fn, n, o.spec, o.hyper as Hyper, tuneStarts, steps);
    o.hyper = { ...o.hyper, lr: t.lr };
    e.label = `${describeEntry(o)} (tuned${t.bound ? ' ‡' : ''})`;
    chosen[e.label] = t;
  });
  return chosen;
}

/** The 2-D function the plots draw: a 2-D built-in itself; else the plane of x1, x2 through the
 *  minimiser (or the start) of the n-D function, with f* estimated when the module gives none. */
function plotView(fn: TestFunction, n: number, start: number[], fminEstimate: number | undefined): { fn: TestFunction; note: string } {
  if (n === 2 && fminEstimate === undefined && fn.kind !== 'user') return { fn, note: '' };
  const anchor = n === 2 ? start : (fn.minimisers(n)[0] ?? start);
  const view = planeView(fn, n, anchor, fminEstimate);
  const rest = n === 3 ? 'x3' : `x3..x${n}`;
  const through = n === 2 ? '' : `, ${rest} at the ${fn.minimisers(n).length ? 'minimum' : 'start'}`;
  const est = fminEstimate === undefined ? '' : '; f* = lowest f reached';
  return { fn: view.fn, note: through + est };
}

function lowestLoss(runs: readonly RaceRun[]): number {
  let lo = Infinity;
  for (const r of runs) for (const f of r.loss) if (f < lo) lo = f;
  return Number.isFinite(lo) ? lo : 0;
}

/** One run of the race as `--json` prints it (a diverged run's final f is null). */
function vizRunJson(r: RaceRun) {
  return {
    label: r.label,
    optimizer: r.name,
    start: r.start,
    finalX: r.x.length ? r.x[r.x.length - 1] : null,
    finalLoss: r.diverged || !Number.isFinite(r.finalLoss) ? null : r.finalLoss,
    diverged: r.diverged,
    ...(r.diverged ? { divergedAt: r.divergedAt } : {}),
  };
}

function parseChoiceRange(flag: string, text: string, lo: number, hi: number): number {
  const v = parseNumber(flag, text);
  if (v < lo || v > hi) throw new UsageError(`${flag} ${text}: must be in [${lo}, ${hi}]`);
  return v;
}
