// Bad user modules (--fn-module, train --functions) through the CLI: every way a module can be
// wrong — it throws (at import, in f, in grad; an Error or anything else), is async, returns a
// gradient of the wrong length, with a non-number in it, or nothing without filling `out`,
// declares a bad domain — and every way it can never return (an endless loop in f, in grad or at
// import; a top-level await that never settles) ends in one input error naming the module and
// the problem: exit 2, one stderr line, no stack trace. Each class runs under o1 run, o1 bench
// and o1 train with 1 and 2 worker threads; in the 2-thread column the module misbehaves only
// off the main thread, so the error must travel back from a worker.
//
// The hang cases run with a short per-call limit (O1_MODULE_TIMEOUT, here 0.75 s; set
// O1_TEST_MODULE_TIMEOUT to change it on a slow machine).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTrainConfig } from '../src/train/config.js';
import { initialCheckpoint } from '../src/train/train.js';
import { BIN, type BadInputCase, badInputSuite } from './helpers/badInput.js';

const LIMIT = process.env.O1_TEST_MODULE_TIMEOUT ?? '0.75';

/** When a faulty module misbehaves: always, after its first 40 calls (past the loader's check,
 *  in the run itself), or only in a worker thread. */
type When = 'always' | 'late' | 'worker';
const CONDITION: Record<When, string> = { always: 'true', late: '++calls > 40', worker: '!isMainThread' };

interface Fault {
  name: string;
  /** Code at the module's top level, in f's body or in grad's body, run when now() is true. */
  top?: string;
  f?: string;
  grad?: string;
  /** Replaces the module's domain export. */
  domain?: string;
  /** What the one stderr line must say after the module's name. */
  says: RegExp;
  /** Faults at import or in the exports cannot wait for 40 calls: 'late' means 'always' there. */
  atLoad?: boolean;
  hang?: boolean;
}

function moduleSource(fault: Fault, when: When): string {
  const cond = fault.atLoad && when === 'late' ? 'true' : CONDITION[when];
  return [
    "import { isMainThread } from 'node:worker_threads';",
    'let calls = 0;',
    `const now = () => ${cond};`,
    fault.top ?? '',
    `export const domain = ${fault.domain ?? '[[-1, 1], [-1, 1]]'};`,
    'export const fmin = 0;',
    `export function f(x) { ${fault.f ?? ''}; return x[0] ** 2 + x[1] ** 2; }`,
    `export function grad(x, out) { ${fault.grad ?? ''}; return [2 * x[0], 2 * x[1]]; }`,
    '',
  ].join('\n');
}

const FAULTS: Fault[] = [
  { name: 'throws at import', top: "if (now()) throw new Error('cannot start');", atLoad: true, says: /failed to load: Error: cannot start$/ },
  { name: 'f throws', f: "if (now()) throw new TypeError('bad x')", says: /f\(x\) threw TypeError: bad x$/ },
  { name: 'grad throws', grad: "if (now()) throw new RangeError('no gradient here')", says: /grad\(x\) threw RangeError: no gradient here$/ },
  { name: 'grad throws a non-Error', grad: 'if (now()) throw { code: 7 }', says: /grad\(x\) threw a non-Error \{"code":7\}$/ },
  { name: 'f returns a Promise', f: 'if (now()) return Promise.resolve(1)', says: /f\(x\) returned a Promise — f and grad must be plain synchronous functions/ },
  { name: 'gradient of the wrong length', grad: 'if (now()) return [1, 2, 3]', says: /grad\(x\) returned 3 values for a 2-D point/ },
  { name: 'non-numeric gradient', grad: "if (now()) return ['a', 1]", says: /grad\(x\)\[0\] is the string "a", not a number/ },
  { name: 'grad returns null without filling out', grad: 'if (now()) return null', says: /grad\(x\) returned null and left out\[0\] unset/ },
  { name: 'invalid domain', domain: 'now() ? [[1, -1], [0, 1]] : [[-1, 1], [-1, 1]]', atLoad: true, says: /domain \[0\] is \[1, -1\]: lo is above hi/ },
  { name: 'grad never returns', grad: 'if (now()) for (;;) {}', hang: true, says: /grad\(x\) did not return within/ },
  { name: 'endless loop at import', top: 'if (now()) for (;;) {}', atLoad: true, hang: true, says: /did not finish loading within/ },
  { name: 'f never returns', f: 'if (now()) for (;;) {}', hang: true, says: /f\(x\) did not return within 0?\.?\d+ s/ },
  { name: 'top-level await that never settles', top: 'if (now()) await new Promise(() => {});', atLoad: true, hang: true, says: /did not finish loading within/ },
];

const COMMANDS: { name: string; when: When; args: (mod: string) => string[] }[] = [
  { name: 'o1 run', when: 'always', args: (m) => ['run', '--fn-module', m, '--opt', 'adam', '--steps', '60'] },
  { name: 'o1 bench', when: 'late', args: (m) => ['bench', '--fn-module', m, '--suite', 'custom', '--opt', 'adam', '--starts', '2', '--tune-starts', '2', '--steps', '60', '--bootstrap', '10', '--workers', '1'] },
  ...[1, 2].map((w) => ({
    name: `o1 train, ${w} worker${w > 1 ? 's' : ''}`,
    when: (w > 1 ? 'worker' : 'late') as When,
    args: (m: string) => ['train', '--functions', m, '--generations', '1', '--population', '2', '--starts', '2', '--steps', '60', '--workers', String(w), '--out', 'out', '--quiet'],
  })),
];

// The line names the module (train names it by its absolute path); `$` in `says` ends the line.
const named = (says: RegExp) => new RegExp(`^o1: (objective|function) module '[^']*bad\\.mjs'.*${says.source.replace(/\$$/, '\\n$')}`);

/** A case running `args` on a module file bad.mjs with `source`, in the case's own directory. */
function moduleCase(name: string, source: string, args: (m: string) => string[], says: RegExp, hang = false, spawn = hang): BadInputCase {
  return {
    name,
    setup: (dir) => writeFileSync(join(dir, 'bad.mjs'), source),
    args: () => args('./bad.mjs'),
    // Only a spawned CLI gets the short limit: in this process the watch (made once per thread) would
    // keep it, and under load an ordinary import or call can outlast 0.75 s — the watchdog then ends
    // the test worker itself (seen: "Worker exited unexpectedly", its spawned CLIs orphaned).
    env: spawn ? { O1_MODULE_TIMEOUT: LIMIT } : {},
    stderr: named(says),
    // A hang is ended by the watchdog, which ends the process: only a spawned CLI shows that.
    spawn,
    timeoutMs: hang ? 20_000 : 30_000,
  };
}

// Every class runs under o1 run and under one of bench / train 1 worker / train 2 workers (in
// turn, so each of those sees several classes); O1_BADINPUT_FULL=1 runs every class under all four
// (the whole matrix: slower, ~a minute on 2 cores).
const FULL = process.env.O1_BADINPUT_FULL === '1';
const pairs = FAULTS.flatMap((fault, i) => COMMANDS.filter((_, k) => FULL || k === 0 || k === 1 + (i % 3)).map((c) => ({ c, fault })));
const matrix = pairs.map(({ c, fault }) => moduleCase(`${c.name}: ${fault.name}${fault.atLoad || c.when === 'always' ? '' : ` (${c.when === 'late' ? 'after 40 calls' : 'in a worker thread only'})`}`, moduleSource(fault, c.when), c.args, fault.says, fault.hang));

// More variants of each class, under o1 run (the cheapest command).
const run = COMMANDS[0].args;
const plain = (body: string) => `export const domain = [[-1, 1], [-1, 1]];\nexport const fmin = 0;\n${body}\n`;
const GOOD_F = 'export function f(x) { return x[0] ** 2 + x[1] ** 2; }';
const GOOD_G = 'export function grad(x) { return [2 * x[0], 2 * x[1]]; }';
// Spawned: in this process vitest's module runner would report the syntax error its own way.
const spawned = new Set(['syntax error']);
const variants: [string, string, RegExp][] = [
  ['syntax error', plain(`${GOOD_F}\nexport function grad(x) { return [ ; }`), /failed to load: SyntaxError: /],
  ['throws a string at import', plain(`throw 'not today';\n${GOOD_F}\n${GOOD_G}`), /failed to load: "not today"$/],
  ['f throws null', plain(`export function f(x) { throw null; }\n${GOOD_G}`), /f\(x\) threw a non-Error null$/],
  ['f throws an Error with a multi-line message', plain(`export function f(x) { throw new Error('line one\\nline two'); }\n${GOOD_G}`), /f\(x\) threw Error: line one line two$/],
  ['f is declared async', plain(`export async function f(x) { return 0; }\n${GOOD_G}`), /f is an async function/],
  ['grad returns a Promise after 40 calls', plain(`${GOOD_F}\nlet n = 0;\nexport function grad(x) { return ++n > 40 ? Promise.resolve([0, 0]) : [2 * x[0], 2 * x[1]]; }`), /grad\(x\) returned a Promise/],
  ['f returns nothing', plain(`export function f(x) {}\n${GOOD_G}`), /f\(x\) returned undefined, not a number/],
  ['f returns a string', plain(`export function f(x) { return '1.5'; }\n${GOOD_G}`), /f\(x\) returned the string "1\.5", not a number/],
  ['gradient one value short', plain(`${GOOD_F}\nexport function grad(x) { return [1]; }`), /grad\(x\) returned 1 value for a 2-D point/],
  ['gradient is a number', plain(`${GOOD_F}\nexport function grad(x) { return 2 * x[0]; }`), /grad\(x\) returned number \S+, not an array/],
  ['gradient holds an object', plain(`${GOOD_F}\nexport function grad(x) { return [0, {}]; }`), /grad\(x\)\[1\] is an object, not a number/],
  ['grad fills only half of out and returns nothing', plain(`${GOOD_F}\nexport function grad(x, out) { out[0] = 2 * x[0]; }`), /grad\(x\) returned undefined and left out\[1\] unset/],
  ['domain bound not finite', `export const domain = [[-1, 1], [0, Infinity]];\n${GOOD_F}\n${GOOD_G}\n`, /domain \[1\] is \[0, Infinity\], not two finite numbers/],
  ['domain with too few intervals', `export const dims = 2;\nexport const domain = [[-1, 1]];\n${GOOD_F}\n${GOOD_G}\n`, /domain has 1 intervals but the objective is 2-D/],
  ['domain is a string', `export const dims = 2;\nexport const domain = 'wide';\n${GOOD_F}\n${GOOD_G}\n`, /domain is neither an array of intervals nor \{ lo, hi \}/],
  ['domain interval not a pair', `export const domain = [[-1, 1], [5]];\n${GOOD_F}\n${GOOD_G}\n`, /domain \[1\] is not a pair \[lo, hi\]/],
  ['dims not an integer', `export const dims = 2.5;\n${GOOD_F}\n${GOOD_G}\n`, /dims must be an integer from 1 to 1000000, got 2\.5/],
  ['fmin not a number', plain(`export const fmin2 = 0;\n${GOOD_F}\n${GOOD_G}`).replace('export const fmin = 0;', "export const fmin = 'zero';"), /fmin must be a number/],
  ['no grad export', plain(GOOD_F), /must export functions f\(x\) and grad\(x\) \(grad is missing\)/],
];

badInputSuite('bad user modules: each class × run, bench, train (1 and 2 workers)', [
  ...matrix,
  ...variants.map(([name, source, says]) => moduleCase(`o1 run: ${name}`, source, run, says, false, spawned.has(name))),
  {
    // No limit, so no watchdog: the import left pending when nothing else can run is the error.
    name: 'top-level await that never settles, with no time limit (O1_MODULE_TIMEOUT=0)',
    setup: (dir) => writeFileSync(join(dir, 'bad.mjs'), `await new Promise(() => {});\n${plain(`${GOOD_F}\n${GOOD_G}`)}`),
    args: ['run', '--fn-module', './bad.mjs', '--opt', 'adam'],
    env: { O1_MODULE_TIMEOUT: '0' },
    spawn: true,
    stderr: /^o1: objective module '\.\/bad\.mjs' did not finish loading: its top-level await never settles\n$/,
  },
  {
    name: `${'O1_MODULE_TIMEOUT'} not a number of seconds`,
    setup: (dir) => writeFileSync(join(dir, 'ok.mjs'), plain(`${GOOD_F}\n${GOOD_G}`)),
    args: ['run', '--fn-module', './ok.mjs', '--opt', 'adam'],
    env: { O1_MODULE_TIMEOUT: 'soon' },
    spawn: true, // the limit is read once per process
    stderr: /^o1: O1_MODULE_TIMEOUT="soon": give the per-call limit for user modules in seconds/,
  },
]);

// A hang still ends the process when stderr is a pipe nobody reads any more (the message's write
// fails with EPIPE): before the fix the watchdog thread died on that write and the run spun forever
// (found when a test worker died and left its spawned CLI orphaned).
it('a hang in a worker thread ends the process with exit code 2 even when stderr is a closed pipe', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'o1-epipe-'));
  try {
    writeFileSync(join(dir, 'bad.mjs'), moduleSource(FAULTS.find((f) => f.name === 'f never returns')!, 'worker'));
    const child = spawn(process.execPath, [BIN, 'train', '--functions', './bad.mjs', '--generations', '1', '--population', '2', '--starts', '2', '--steps', '60', '--workers', '2', '--out', 'out', '--quiet'], {
      cwd: dir,
      env: { ...process.env, O1_MODULE_TIMEOUT: LIMIT },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.destroy(); // nobody reads stderr: the watchdog's write gets EPIPE
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000); // a hang shows as SIGKILL, not as exit code 2
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    clearTimeout(killer);
    expect({ code, signal }).toEqual({ code: 2, signal: null });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);

// ---- Checkpoints are data, never code (item 5) ------------------------------------------------
// A damaged but parseable checkpoint is refused saying what is wrong; a run on function modules
// resumes only with the modules named again (--functions), matched by content.

const BOWL = plain(`${GOOD_F}\n${GOOD_G}`);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const SMALL = { generations: 2, population: 2, starts: 2, steps: 20, checkpointEvery: 1 };

/** A checkpoint of a small run in `dir` (strategy and functions as asked), after `generation`
 *  generations of made-up records, changed by `damage`; returns its path. */
function checkpointIn(dir: string, opts: { strategy?: string; functions?: string[]; generation?: number; hashes?: boolean; damage?: (c: Record<string, any>) => void } = {}): string {
  const functions = opts.functions ?? ['rosenbrock'];
  for (const f of functions) if (f.endsWith('.mjs')) writeFileSync(f, BOWL);
  const cfg = makeTrainConfig({ ...SMALL, strategy: opts.strategy ?? 'notebook', functions }, 'test');
  const c: Record<string, any> = initialCheckpoint(cfg);
  const g = opts.generation ?? 1;
  c.generation = g;
  c.history = Array.from({ length: g }, (_, i) => ({ generation: i, best: -1, median: -0.5, validation: -0.7, validationPerFunction: functions.map(() => -0.7), sigma: 0.3 }));
  if (opts.hashes !== false && functions.some((f) => f.endsWith('.mjs'))) c.modules = functions.filter((f) => f.endsWith('.mjs')).map((name) => ({ name, sha256: sha256(BOWL) }));
  opts.damage?.(c);
  const path = join(dir, 'checkpoint.json');
  writeFileSync(path, JSON.stringify(c));
  return path;
}

const resumeCase = (name: string, says: RegExp, opts: Parameters<typeof checkpointIn>[1] & { extra?: (dir: string) => string[]; setup?: (dir: string) => void } = {}): BadInputCase => ({
  name,
  setup: (dir) => {
    opts.setup?.(dir);
    checkpointIn(dir, { ...opts, functions: opts.functions?.map((f) => (f.endsWith('.mjs') ? join(dir, f) : f)) });
  },
  args: (dir) => ['train', '--resume', join(dir, 'checkpoint.json'), '--quiet', ...(opts.extra?.(dir) ?? [])],
  stderr: says,
});

const damaged = (what: RegExp) => new RegExp(`^o1: checkpoint '[^']*checkpoint\\.json': .*${what.source}.* — the file is damaged`);

badInputSuite('damaged checkpoints and --resume with modules', [
  resumeCase('strategyState null', damaged(/"strategyState" is null, not the notebook strategy's state/), { damage: (c) => (c.strategyState = null) }),
  resumeCase('strategyState without its parent', damaged(/"strategyState" \(notebook\)\.parent is not a list of \d+ finite numbers/), { damage: (c) => delete c.strategyState.parent }),
  resumeCase('parent one parameter short', damaged(/\.parent is not a list of \d+ finite numbers/), { damage: (c) => c.strategyState.parent.pop() }),
  resumeCase('parent holding a string', damaged(/\.parent is not a list/), { damage: (c) => (c.strategyState.parent[3] = 'x') }),
  resumeCase('negative sigma', damaged(/\.sigma is -1, not a number > 0/), { damage: (c) => (c.strategyState.sigma = -1) }),
  resumeCase('strategy options missing', damaged(/\.opts is not \{ population, sigma/), { damage: (c) => delete c.strategyState.opts }),
  resumeCase('openai-es state without m', damaged(/"strategyState" \(openai-es\)\.m is not a list/), { strategy: 'openai-es', damage: (c) => delete c.strategyState.m }),
  resumeCase('cmaes covariance not square', damaged(/"strategyState" \(cmaes\)\.C is not a \d+×\d+ matrix/), { strategy: 'cmaes', damage: (c) => c.strategyState.C.pop() }),
  resumeCase('history a string', damaged(/"history" is "junk", not a list/), { damage: (c) => (c.history = 'junk') }),
  resumeCase('history record a number', damaged(/"history"\[0\] is 42, not a generation record/), { damage: (c) => (c.history = [42]) }),
  resumeCase('history record with a string score', damaged(/"history"\[0\]\.best is "low", not a number/), { damage: (c) => (c.history[0].best = 'low') }),
  resumeCase('history records out of order', damaged(/"history"\[1\] is generation 0, expected 1/), { generation: 2, damage: (c) => (c.history[1].generation = 0) }),
  resumeCase('history shorter than the generation', damaged(/"history" has 1 records for generation 2/), { damage: (c) => (c.generation = 2) }),
  resumeCase('validation scores per function missing', damaged(/"history"\[0\]\.validationPerFunction is not a list of 1 numbers/), { damage: (c) => (c.history[0].validationPerFunction = []) }),
  resumeCase('generation a string', damaged(/"generation" is "1", not a whole number/), { damage: (c) => (c.generation = '1') }),
  resumeCase('generation negative', damaged(/"generation" is -1, not a whole number/), { damage: (c) => (c.generation = -1) }),
  resumeCase('config missing', damaged(/"config" is not an object/), { damage: (c) => delete c.config }),
  resumeCase('config.functions not a list', damaged(/"config\.functions" is not a list of names/), { damage: (c) => (c.config.functions = 'rosenbrock') }),
  resumeCase('config with a wrong type', /^o1: checkpoint '[^']*' config: .*population/, { damage: (c) => (c.config.population = 'many') }),
  resumeCase('elapsedSec a string', damaged(/"elapsedSec" is "soon"/), { damage: (c) => (c.elapsedSec = 'soon') }),
  resumeCase('run name with a path in it', damaged(/"run" is not \{ name/), { damage: (c) => (c.run = { name: '../../etc', registry: true }) }),
  resumeCase('selected weights of the wrong length', damaged(/"selected" is not \{ generation, validation, weights: \d+ numbers \}/), { damage: (c) => (c.selected = { generation: 0, validation: 0, weights: [1] }) }),
  resumeCase('modules junk', damaged(/"modules" is not a list of \{ name, sha256 \}/), { functions: ['bowl.mjs'], damage: (c) => (c.modules = [{ name: 1 }]) }),
  resumeCase('modules not those of the config', damaged(/"modules" does not list the modules of "config\.functions"/), { functions: ['bowl.mjs'], damage: (c) => (c.modules[0].name = '/elsewhere.mjs') }),
  resumeCase('version 2', /^o1: checkpoint '[^']*': version 2 is not supported/, { damage: (c) => (c.version = 2) }),
  resumeCase('not a checkpoint', /^o1: checkpoint '[^']*': not an o1 training checkpoint/, { damage: (c) => (c.format = 'o1-model') }),
  resumeCase('a field nested 1000 deep', /^o1: checkpoint '[^']*': JSON nested more than 100 levels deep/, {
    damage: (c) => {
      let v: unknown[] = [];
      for (let i = 0; i < 1000; i++) v = [v];
      c.strategyState = v;
    },
  }),
  {
    name: 'truncated file',
    setup: (dir) => writeFileSync(join(dir, 'checkpoint.json'), '{"format":"o1-train-checkpoint","vers'),
    args: ['train', '--resume', 'checkpoint.json'],
    stderr: /^o1: checkpoint 'checkpoint\.json': not valid JSON/,
  },
  { name: 'a directory', setup: (dir) => mkdirSync(join(dir, 'ck')), args: ['train', '--resume', 'ck'], stderr: /^o1: checkpoint 'ck': cannot read it: is a directory, not a regular file/ },
  // Modules: never imported from the checkpoint; named again and matched by content.
  resumeCase('a run on a module, resumed without --functions', /^o1: checkpoint '[^']*' trains on the function module [^ ]*bowl\.mjs: a checkpoint never runs code by itself — name it again, as at the start: o1 train --resume \S+ --functions \S*bowl\.mjs\n$/, { functions: ['bowl.mjs'] }),
  resumeCase('--functions names a module with other content', /^o1: --functions: none of the modules named has the content of the run's module '[^']*bowl\.mjs' \(sha256 [0-9a-f]{12}…\)/, {
    functions: ['bowl.mjs'],
    setup: (dir) => writeFileSync(join(dir, 'other.mjs'), BOWL.replace('2 * x[1]', '4 * x[1]')),
    extra: () => ['--functions', './other.mjs'],
  }),
  resumeCase('--functions adds a built-in the run does not use', /^o1: --functions: the run being resumed does not train on rastrigin/, { functions: ['bowl.mjs'], extra: (dir) => ['--functions', `rastrigin,${join(dir, 'bowl.mjs')}`] }),
  resumeCase('--functions names a module for a built-in-only run', /^o1: --functions: the run being resumed trains on built-in functions only \(rosenbrock\)/, { setup: (dir) => writeFileSync(join(dir, 'x.mjs'), BOWL), extra: () => ['--functions', './x.mjs'] }),
  resumeCase('an old checkpoint (no hashes): module named at another path', /^o1: --functions: checkpoint '[^']*' predates module hashes, so its module '[^']*bowl\.mjs' is matched by path/, {
    functions: ['bowl.mjs'],
    hashes: false,
    setup: (dir) => writeFileSync(join(dir, 'copy.mjs'), BOWL),
    extra: () => ['--functions', './copy.mjs'],
  }),
  resumeCase('a setting given with --resume (it would be ignored)', /^o1: --steps: a resumed run keeps the settings in its checkpoint \(only --generations may extend it/, { extra: () => ['--steps', '5'] }),
  resumeCase('several settings given with --resume', /^o1: --no-crn, --seed, --rotate: a resumed run keeps the settings/, { extra: () => ['--no-crn', '--seed', '3', '--rotate'] }),
  resumeCase('an old checkpoint (no hashes) on a module, without --functions', /a checkpoint never runs code by itself — name it again/, { functions: ['bowl.mjs'], hashes: false }),
]);

describe('o1 train --resume on function modules', () => {
  const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, O1_DEBUG: '' } });
  const model = (file: string) => {
    const m = JSON.parse(readFileSync(file, 'utf8'));
    delete m.provenance.run; // date, duration, workers
    return m;
  };

  it('never imports a module the checkpoint names: refused before any code runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-ckpt-code-'));
    const path = checkpointIn(dir, { functions: [join(dir, 'evil.mjs')] });
    // The checkpoint's module would leave a file behind if it were imported.
    writeFileSync(join(dir, 'evil.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(dir, 'RAN'))}, 'x');\n${BOWL}`);
    const c = JSON.parse(readFileSync(path, 'utf8'));
    c.modules[0].sha256 = sha256(readFileSync(join(dir, 'evil.mjs'), 'utf8'));
    writeFileSync(path, JSON.stringify(c));
    const r = run(dir, ['train', '--resume', path, '--quiet']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/a checkpoint never runs code by itself/);
    expect(existsSync(join(dir, 'RAN'))).toBe(false);
  });

  it('resumes with the module named again (moved elsewhere, same content) to the same model as an uninterrupted run, next to the checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-ckpt-mod-'));
    writeFileSync(join(dir, 'bowl.mjs'), BOWL);
    const common = ['--functions', 'rosenbrock,./bowl.mjs', '--generations', '2', '--population', '2', '--starts', '2', '--steps', '20', '--strategy', 'notebook', '--workers', '1', '--quiet'];
    const full = run(dir, ['train', ...common, '--out', 'full']);
    expect(full.status, full.stderr).toBe(0);
    const part = run(dir, ['train', ...common, '--generations', '1', '--out', 'part']);
    expect(part.status, part.stderr).toBe(0);
    const ck = JSON.parse(readFileSync(join(dir, 'part', 'checkpoint.json'), 'utf8'));
    expect(ck.modules).toEqual([{ name: join(dir, 'bowl.mjs'), sha256: sha256(BOWL) }]);
    // The checkpoint alone, in a directory of its own; the module moved.
    mkdirSync(join(dir, 'later'));
    renameSync(join(dir, 'part', 'checkpoint.json'), join(dir, 'later', 'ck.json'));
    mkdirSync(join(dir, 'mods'));
    renameSync(join(dir, 'bowl.mjs'), join(dir, 'mods', 'bowl.mjs'));
    const resumed = run(dir, ['train', '--resume', join('later', 'ck.json'), '--generations', '2', '--functions', 'rosenbrock,./mods/bowl.mjs', '--workers', '2', '--quiet']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(existsSync(join(dir, 'runs')), 'nothing written under ./runs').toBe(false);
    const a = model(join(dir, 'full', 'model.json'));
    const b = model(join(dir, 'later', 'model.json'));
    expect(b.weights).toEqual(a.weights);
    expect(b.provenance.trainConfig.functions).toEqual(['rosenbrock', join(dir, 'mods', 'bowl.mjs')]);
  }, 60_000);
});
