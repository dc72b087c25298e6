// The o1 command line: builds the commander program from one module per command, runs it, and
// turns every usage error into one clear line on stderr and exit code 2.
import { Command, CommanderError } from 'commander';
import { EXIT_INTERRUPTED, EXIT_SERVICE, EXIT_USAGE, Interrupted } from './errors.js';
import { InputError, ServiceFailure } from '../errors.js';
import { type CliIO, processIO } from './io.js';
import { onRegistryNotice } from '../model/registry.js';

export type CommandFactory = (io: CliIO) => Command;

// Each command's module is imported only when that command runs (or when the help lists them
// all): `o1 functions` must not pay for d3, resvg, piscina or the training code.
const COMMANDS: Record<string, () => Promise<CommandFactory>> = {
  functions: async () => (await import('./commands/functions.js')).functionsCommand,
  optimizers: async () => (await import('./commands/optimizers.js')).optimizersCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  train: async () => (await import('./commands/train.js')).trainCommand,
  models: async () => (await import('./commands/models.js')).modelsCommand,
  show: async () => (await import('./commands/models.js')).showCommand,
  viz: async () => (await import('./commands/viz.js')).vizCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  bench: async () => (await import('./commands/bench.js')).benchCommand,
  worker: async () => (await import('./commands/worker.js')).workerCommand,
};

/** The commands argv needs: the one it names (also after `help`), or all of them for the
 *  top-level help, the version and unknown names (whose suggestions need every name). */
export function commandsFor(argv: readonly string[]): string[] {
  const first = argv[0] === 'help' ? argv[1] : argv[0];
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
}

/** One line per message: a message is one line on stderr (commander's "(Did you mean …?)" goes on
 *  the same line; raw newlines inside a message, e.g. from V8's JSON excerpts, become spaces). */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function output(io: CliIO) {
  return {
    writeOut: (s: string) => io.out(s),
    writeErr: (s: string) => io.err(s),
    outputError: (s: string, write: (s: string) => void) => write(`${oneLine(s)}\n`),
  };
}

export async function buildProgram(io: CliIO, names: readonly string[] = Object.keys(COMMANDS)): Promise<Command> {
  const program = new Command('o1')
    .description('A learned learning-rate controller: momentum picks the direction, a tiny evolved network picks the step size.')
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(output(io));
  const factories = await Promise.all(names.map((n) => COMMANDS[n]()));
  for (const make of factories) {
    const cmd = make(io).exitOverride().configureOutput(output(io));
    showDefaultsPlain(cmd);
    program.addCommand(cmd);
  }
  return program;
}

/** Help shows a default as the user would type it: `(default: 200)`, not commander's
 *  JSON-quoted `(default: "200")` for the string defaults the flags are parsed from. */
function showDefaultsPlain(cmd: Command): void {
  for (const o of cmd.options) {
    if (typeof o.defaultValue === 'string' && o.defaultValueDescription === undefined) o.defaultValueDescription = o.defaultValue;
  }
  for (const sub of cmd.commands) showDefaultsPlain(sub);
}

/** A file this user may not read or write (a registry, a report folder of another user's) is the
 *  user's to fix, not a bug: one line naming the path and the fix, or undefined. */
export function fileAccessDenied(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.path !== 'string') return undefined;
  const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'EROFS' ? 'read-only file system' : undefined;
  if (!why) return undefined;
  const what = err.syscall === 'open' || err.syscall === 'scandir' || err.syscall === 'stat' || err.syscall === 'lstat' ? 'cannot access' : `cannot ${err.syscall ?? 'use'}`;
  return `${what} ${err.path}: ${why} (run as a user who may, choose another path, or change its permissions)`;
}

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  onRegistryNotice((m) => io.err(`o1: ${oneLine(m)}\n`));
  try {
    const program = await buildProgram(io, commandsFor(argv));
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
      io.err(`o1: ${oneLine(e.message)}\n`);
      return EXIT_USAGE;
    }
    const denied = fileAccessDenied(e);
    if (denied) {
      io.err(`o1: ${denied}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof ServiceFailure) {
      io.err(`o1: ${oneLine(e.message)}\n`);
      return EXIT_SERVICE;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`o1: internal error: ${msg}\n(this is a bug; set O1_DEBUG=1 for the stack trace)\n`);
    if (process.env.O1_DEBUG && e instanceof Error) io.err(`${e.stack}\n`);
    return 1;
  }
}
