// Table-driven bad-input cases for the built CLI (dist/, as bin/o1.js runs it). Every case must end
// with exit code 2 and exactly one line on stderr, with no stack trace and no "internal error".
//
// A case runs either in this process through the CLI's main() (fast: no node start-up; the default)
// or as a spawned `node bin/o1.js` under a timeout (for what only a process shows: a hang, a
// blocking read, a memory blow-up, stdin, signals). Spawned cases run in parallel in a small pool;
// in-process cases run one at a time (each changes the cwd and the environment while it runs).
// O1_BADINPUT_SPAWN_ALL=1 spawns every case (slower; the most faithful check).
//
// Usage, in a test file:
//   badInputSuite('o1 run', [
//     { name: '--steps 0x10', args: ['run', '--fn', 'sphere', '--opt', 'adam', '--steps', '0x10'], stderr: /--steps/ },
//   ]);
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const BIN = join(PACKAGE_ROOT, 'bin', 'o1.js');

export interface BadInputCase {
  /** What the case probes (the test's name). */
  name: string;
  /** The arguments after `o1`; a function gets the case's own empty temp directory (also its cwd). */
  args: string[] | ((dir: string) => string[]);
  /** Extra environment variables (a function gets the temp directory). */
  env?: Record<string, string> | ((dir: string) => Record<string, string>);
  /** Prepares files in the temp directory before the run. */
  setup?: (dir: string) => void | Promise<void>;
  /** The one stderr line must match this (say what the message must name: the flag, the path, the limit). */
  stderr?: RegExp;
  /** Spawn `node bin/o1.js` instead of calling main() in-process: needed for hangs, blocking reads
   *  (FIFOs, devices), memory blow-ups, stdin and anything that touches process-wide state. */
  spawn?: boolean;
  /** Bytes fed to stdin (spawned cases only). */
  stdin?: string;
  /** Per-case timeout (default 15 s); a case that takes longer fails as a hang. */
  timeoutMs?: number;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
// Memory watchdog for spawned cases: a blow-up fails fast with a heap error instead of swapping.
const NODE_HEAP_MB = 1536;

function argsOf(c: BadInputCase, dir: string): string[] {
  return typeof c.args === 'function' ? c.args(dir) : c.args;
}

function envOf(c: BadInputCase, dir: string): Record<string, string> {
  return typeof c.env === 'function' ? c.env(dir) : (c.env ?? {});
}

/** Runs `node bin/o1.js ARGS` in `cwd`, killed (as a hang) after timeoutMs. */
export function spawnCli(args: string[], opts: { cwd: string; env?: Record<string, string>; stdin?: string; timeoutMs?: number }): Promise<CliResult> {
  const t0 = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${NODE_HEAP_MB}`, BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, O1_DEBUG: '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout.length < 1e6 ? (stdout += s) : undefined));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr.length < 1e6 ? (stderr += s) : undefined));
    child.stdin.on('error', () => {}); // the CLI may exit before reading stdin
    child.stdin.end(opts.stdin ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, timedOut, ms: Date.now() - t0 });
    });
  });
}

type MainFn = (argv: string[], io: { out(t: string): void; err(t: string): void; isTTY: boolean }) => Promise<number>;
let mainFn: MainFn | undefined;

async function loadMain(): Promise<MainFn> {
  // The built CLI (what bin/o1.js calls), not the TS sources: the same code a user runs.
  const url = new URL(`file://${join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js')}`).href;
  mainFn ??= ((await import(/* @vite-ignore */ url)) as { main: MainFn }).main;
  return mainFn;
}

/** Runs the CLI's main() in this process with cwd and env set for the call; stray writes to the
 *  process's own stdout/stderr are captured too (they would reach the user). */
export async function runInProcess(args: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult> {
  const main = await loadMain();
  const t0 = Date.now();
  const io = { stdout: '', stderr: '', isTTY: false, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  const oldCwd = process.cwd();
  const oldEnv: Record<string, string | undefined> = {};
  const env = { O1_DEBUG: '', ...opts.env };
  for (const [k, v] of Object.entries(env)) {
    oldEnv[k] = process.env[k];
    process.env[k] = v;
  }
  const outWrite = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((io.stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((io.stderr += String(chunk)), true)) as typeof process.stderr.write;
  const oldExitCode = process.exitCode;
  let code: number | null = null;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    process.chdir(opts.cwd);
    const timeout = new Promise<null>((done) => (timer = setTimeout(() => ((timedOut = true), done(null)), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)));
    code = await Promise.race([main(args, io).catch((e: unknown) => ((io.stderr += `uncaught ${e instanceof Error ? e.stack : String(e)}\n`), 1)), timeout]);
  } finally {
    clearTimeout(timer);
    process.stdout.write = outWrite;
    process.stderr.write = errWrite;
    process.chdir(oldCwd);
    process.exitCode = oldExitCode;
    for (const [k, v] of Object.entries(oldEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { code, stdout: io.stdout, stderr: io.stderr, timedOut, ms: Date.now() - t0 };
}

/** Runs tasks with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

// A V8/Node stack frame line ("    at foo (file.js:1:2)") or an error's class name opening a line.
const STACK_FRAME = /^\s*at\s.+(:\d+:\d+\)?|\(native\)|<anonymous>)\s*$/m;

/** The checks every bad input must pass; returns the problems (empty when the case passed). */
export function badInputProblems(r: CliResult, want?: RegExp): string[] {
  const problems: string[] = [];
  if (r.timedOut) problems.push(`hung (killed after ${r.ms} ms)`);
  if (r.code !== 2) problems.push(`exit code ${r.code}, expected 2`);
  const lines = r.stderr.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== 1) problems.push(`${lines.length} stderr lines, expected exactly 1`);
  if (STACK_FRAME.test(r.stderr)) problems.push('stack trace on stderr');
  if (/internal error|this is a bug/i.test(r.stderr)) problems.push('reported as an internal error');
  if (want && !want.test(r.stderr)) problems.push(`stderr does not match ${want}`);
  return problems;
}

/** Runs one case in a fresh temp directory (removed afterwards) and returns its result. */
export async function runCase(c: BadInputCase): Promise<CliResult> {
  const dir = mkdtempSync(join(tmpdir(), 'o1-bad-'));
  try {
    await c.setup?.(dir);
    const args = argsOf(c, dir);
    const env = envOf(c, dir);
    const spawned = c.spawn || c.stdin !== undefined || process.env.O1_BADINPUT_SPAWN_ALL === '1';
    return spawned ? await spawnCli(args, { cwd: dir, env, stdin: c.stdin, timeoutMs: c.timeoutMs }) : await runInProcess(args, { cwd: dir, env, timeoutMs: c.timeoutMs });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A describe() block with one test per case. All cases run once, up front (spawned ones in a
 *  pool of `concurrency`, default min(4, cores)), then each test checks its case's result. */
export function badInputSuite(title: string, cases: readonly BadInputCase[], opts: { concurrency?: number } = {}): void {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate bad-input case name '${c.name}'`);
    names.add(c.name);
  }
  describe(title, () => {
    const results = new Map<string, CliResult>();
    beforeAll(async () => {
      const spawned = cases.filter((c) => c.spawn || c.stdin !== undefined || process.env.O1_BADINPUT_SPAWN_ALL === '1');
      const local = cases.filter((c) => !spawned.includes(c));
      const limit = opts.concurrency ?? Math.max(2, Math.min(4, availableParallelism()));
      // Spawned cases run in the pool while the in-process ones run one by one here.
      const spawning = pool(spawned, limit, async (c) => results.set(c.name, await runCase(c)));
      for (const c of local) results.set(c.name, await runCase(c));
      await spawning;
    }, 300_000);
    afterAll(() => results.clear());
    for (const c of cases) {
      it(c.name, () => {
        const r = results.get(c.name)!;
        const problems = badInputProblems(r, c.stderr);
        expect(problems, `o1 ${argsOf(c, '<tmp>').join(' ')}\nexit ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 500)}`).toEqual([]);
      });
    }
  });
}
