// `o1 run`: one optimization process, printed as a summary or (with --json) as the whole
// trajectory in the shape of the PyTorch fixtures.
import { Command } from 'commander';
import type { CliIO } from '../io.js';
import { UsageError } from '../errors.js';
import { parseChoice, parseInteger, parseVector } from '../parse.js';
import { ENGINE_NAMES, getEngine } from '../../engine/index.js';
import { runOnEngine } from '../../run/engineRun.js';
import { resolveObjective } from '../resolveObjective.js';
import { hyperOptions, isPytorchHyper, makeStepper } from '../resolveOptimizer.js';
import { minimize } from '../../run/minimize.js';
import { splitOptimizerList } from '../../optimizers/codec.js';
import { type RunSummary, sampledSummary, streamedSummary, summaryOf } from '../../run/sampledRun.js';
import { fmt, formatTable } from '../../util/table.js';
import { Rng } from '../../rng.js';
import { MAX_SEED, MAX_STEPS, MAX_TRACE_VALUES } from '../../util/limits.js';

// Above this, a run's full trace (x, ∇f, lr per step) is not kept for the summary: it records only
// the rows it prints. Below it the whole trajectory is recorded, as --json needs anyway.
const RUN_TRACE_BYTES = 64 * 1024 * 1024;

export interface RunOptions {
  fn?: string;
  fnModule?: string;
  dims?: string;
  opt: string;
  start?: string;
  steps: string;
  seed: string;
  model?: string;
  engine: string;
  json?: boolean;
  [hyper: string]: unknown;
}

export function runCommand(io: CliIO): Command {
  const cmd = new Command('run')
    .description('run one optimizer on one function from one start point')
    .option('--fn <name>', 'built-in test function (see `o1 functions`)')
    .option('--fn-module <path>', 'your own objective: an ES module exporting f, grad and optionally dims, domain, fmin')
    .option('--dims <n>', 'dimension, for n-D functions (default 2)')
    .requiredOption('--opt <name[:k=v…]>', 'optimizer (see `o1 optimizers`; any case), optionally with hyper-parameters, e.g. adam:lr=0.01 or SGD:momentum=0.9:nesterov=true')
    .option('--start <x,y,...>', 'start point (default: uniform in the domain, from --seed)')
    .option('--steps <n>', 'number of steps', '200')
    .option('--seed <n>', 'seed for the random start', '0')
    .option('--model <file|id>', 'o1 model file or id in models/ (default: the shipped model)')
    .option('--engine <name>', 'wasm (the SIMD kernels) or ts (the reference)', 'wasm')
    .option('--json', 'print the whole trajectory as JSON (x, loss, grad, lr)');
  for (const o of hyperOptions((h) => (isPytorchHyper(h) ? 'hyper-parameter, PyTorch name' : 'hyper-parameter'))) cmd.addOption(o);
  return cmd.action(async (opts: RunOptions) => {
    // A list is viz's form (src/optimizers/codec.ts splits it the same way, betas=0.9,0.99 kept whole).
    const listed = splitOptimizerList(opts.opt);
    if (listed.length > 1) throw new UsageError(`--opt ${opts.opt}: run takes one optimizer; viz races several (o1 viz --opt ${opts.opt}), or give run one of ${listed.join(', ')}`);
    const steps = parseInteger('--steps', opts.steps, 0, MAX_STEPS);
    const objective = await resolveObjective(opts.fn, opts.fnModule, opts.dims);
    const { stepper, name, hyper, batchOptimizer } = makeStepper(opts.opt, opts, opts.model);
    let start: number[];
    if (opts.start !== undefined) start = parseVector('--start', opts.start, objective.n);
    else {
      if (!objective.domain) throw new UsageError('--start is required: the objective declares no domain to draw a start from');
      const rng = new Rng(parseInteger('--seed', opts.seed, 0, MAX_SEED));
      start = objective.domain.lo.map((lo, i) => rng.range(lo, objective.domain!.hi[i]));
    }
    const engineName = parseChoice('--engine', opts.engine, ENGINE_NAMES);
    // --json prints every point, gradient and lr: bound what it would hold in memory.
    const traceValues = (steps + 1) * objective.n;
    if (opts.json && traceValues > MAX_TRACE_VALUES)
      throw new UsageError(`--json prints the whole trajectory: ${steps} steps × ${objective.n} dims = ${traceValues.toLocaleString('en-US')} coordinates, over the limit of ${MAX_TRACE_VALUES.toLocaleString('en-US')}; drop --json (the summary keeps only the rows it prints) or run fewer steps`);
    // Built-in functions run on the chosen engine; user modules run on the TS reference.
    const onEngine = objective.builtin !== undefined && engineName === 'wasm';
    const every = Math.max(1, Math.ceil(steps / 10));
    if (!opts.json && 8 * objective.n * (3 * steps + 1) > RUN_TRACE_BYTES) {
      // A long run: keep only the rows the summary prints (src/run/sampledRun.ts).
      const summary = onEngine
        ? sampledSummary({ engine: await getEngine('wasm'), fn: objective.builtin!, n: objective.n, optimizer: batchOptimizer, start, steps, every, stepper, objective })
        : streamedSummary(objective, stepper, start, steps, every);
      return printSummary(io, summary, `${name} on ${objective.name} from (${start.map((v) => fmt(v, 6)).join(', ')}), ${steps} steps`, objective.fmin);
    }
    const traj = onEngine ? runOnEngine(await getEngine('wasm'), objective.builtin!, objective.n, batchOptimizer, start, steps) : minimize(objective, stepper, start, steps);
    if (opts.json) {
      io.out(
        JSON.stringify({
          function: objective.name,
          optimizer: name,
          hyperparameters: hyper,
          start,
          steps,
          x: traj.x,
          loss: traj.loss,
          grad: traj.grad,
          ...(traj.lr ? { lr: traj.lr } : {}),
          finalLoss: traj.finalLoss,
          diverged: traj.diverged,
          ...(traj.diverged ? { divergedAt: traj.divergedAt } : {}),
        }) + '\n',
      );
      return;
    }
    printSummary(io, summaryOf(traj, every), `${name} on ${objective.name} from (${start.map((v) => fmt(v, 6)).join(', ')}), ${steps} steps`, objective.fmin);
  });
}

/** The table `o1 run` prints: a row every tenth of the run, the last point, the final f or where it diverged. */
function printSummary(io: CliIO, s: RunSummary, title: string, fmin: number | undefined): void {
  const rows = s.rows.map((r) => [String(r.t), fmt(r.loss, 6), r.x.map((v) => fmt(v, 6)).join(', '), fmt(r.gradNorm), r.lr ? r.lr.map((v) => fmt(v)).join(', ') : '—']);
  rows.push([String(s.last.t), fmt(s.finalLoss, 6), s.last.x.map((v) => fmt(v, 6)).join(', '), '', '']);
  io.out(`${title}\n`);
  io.out(formatTable(['step', 'f(x)', 'x', '|grad|', 'lr'], rows));
  const gap = fmin !== undefined ? `   gap f − f* = ${fmt(s.finalLoss - fmin)}` : '';
  io.out(s.diverged ? `diverged at step ${s.divergedAt}\n` : `final f = ${fmt(s.finalLoss, 8)}${gap}\n`);
}
