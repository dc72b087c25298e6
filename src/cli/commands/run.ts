// `o1 run`: one optimization process, printed as a summary or (with --json) as the whole
// trajectory in the shape of the PyTorch fixtures.
import { Command } from 'commander';
import type { CliIO } from '../io.js';
import { UsageError } from '../errors.js';
import { parseChoice, parseInteger, parseVector } from '../parse.js';
import { ENGINE_NAMES, getEngine } from '../../engine/index.js';
import { runOnEngine } from '../../run/engineRun.js';
import { resolveObjective } from '../resolveObjective.js';
import { hyperOptions, makeStepper } from '../resolveOptimizer.js';
import { minimize } from '../../run/minimize.js';
import { fmt, formatTable } from '../../util/table.js';
import { Rng } from '../../rng.js';

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
  for (const o of hyperOptions(() => 'hyper-parameter, PyTorch name')) cmd.addOption(o);
  return cmd.action(async (opts: RunOptions) => {
    const steps = parseInteger('--steps', opts.steps, 0);
    const objective = await resolveObjective(opts.fn, opts.fnModule, opts.dims);
    const { stepper, name, hyper, batchOptimizer } = makeStepper(opts.opt, opts, opts.model);
    let start: number[];
    if (opts.start !== undefined) start = parseVector('--start', opts.start, objective.n);
    else {
      if (!objective.domain) throw new UsageError('--start is required: the objective declares no domain to draw a start from');
      const rng = new Rng(parseInteger('--seed', opts.seed));
      start = objective.domain.lo.map((lo, i) => rng.range(lo, objective.domain!.hi[i]));
    }
    const engineName = parseChoice('--engine', opts.engine, ENGINE_NAMES);
    // Built-in functions run on the chosen engine; user modules run on the TS reference.
    const traj =
      objective.builtin && engineName === 'wasm'
        ? runOnEngine(await getEngine('wasm'), objective.builtin, objective.n, batchOptimizer, start, steps)
        : minimize(objective, stepper, start, steps);
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
    const every = Math.max(1, Math.ceil(steps / 10));
    const rows: string[][] = [];
    for (let t = 0; t < traj.loss.length; t += every) {
      rows.push([String(t), fmt(traj.loss[t], 6), traj.x[t].map((v) => fmt(v, 6)).join(', '), fmt(traj.gradNorm[t]), traj.lr?.[t] ? traj.lr[t].map((v) => fmt(v)).join(', ') : '—']);
    }
    const last = traj.x[traj.x.length - 1];
    rows.push([String(traj.x.length - 1), fmt(traj.finalLoss, 6), last.map((v) => fmt(v, 6)).join(', '), '', '']);
    io.out(`${name} on ${objective.name} from (${start.map((v) => fmt(v, 6)).join(', ')}), ${steps} steps\n`);
    io.out(formatTable(['step', 'f(x)', 'x', '|grad|', 'lr'], rows));
    const gap = objective.fmin !== undefined ? `   gap f − f* = ${fmt(traj.finalLoss - objective.fmin)}` : '';
    io.out(traj.diverged ? `diverged at step ${traj.divergedAt}\n` : `final f = ${fmt(traj.finalLoss, 8)}${gap}\n`);
  });
}
