// The o1 command line: builds the commander program from one module per command, runs it, and
// turns every usage error into one clear line on stderr and exit code 2.
import { Command, CommanderError } from 'commander';
import { EXIT_INTERRUPTED, EXIT_USAGE, Interrupted } from './errors.js';
import { InputError } from '../errors.js';
import { type CliIO, processIO } from './io.js';
import { functionsCommand } from './commands/functions.js';
import { optimizersCommand } from './commands/optimizers.js';
import { runCommand } from './commands/run.js';
import { trainCommand } from './commands/train.js';
import { benchCommand } from './commands/bench.js';
import { vizCommand } from './commands/viz.js';
import { serveCommand } from './commands/serve.js';
import { modelsCommand, showCommand } from './commands/models.js';

export type CommandFactory = (io: CliIO) => Command;

const COMMANDS: CommandFactory[] = [functionsCommand, optimizersCommand, runCommand, trainCommand, modelsCommand, showCommand, vizCommand, serveCommand, benchCommand];

export function buildProgram(io: CliIO): Command {
  const program = new Command('o1')
    .description('A learned learning-rate controller: momentum picks the direction, a tiny evolved network picks the step size.')
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const make of COMMANDS) {
    program.addCommand(make(io).exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) }));
  }
  return program;
}

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed its message; help and version exit 0.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof Interrupted) {
      io.err(`${e.message}\n`);
      return EXIT_INTERRUPTED;
    }
    if (e instanceof InputError) {
      io.err(`o1: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`o1: internal error: ${msg}\n(this is a bug; set O1_DEBUG=1 for the stack trace)\n`);
    if (process.env.O1_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
    return 1;
  }
}
