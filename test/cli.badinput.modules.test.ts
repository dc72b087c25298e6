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
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BadInputCase, badInputSuite } from './helpers/badInputPreview.js';

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
    env: { O1_MODULE_TIMEOUT: LIMIT },
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
    name: `${'O1_MODULE_TIMEOUT'} not a number of seconds`,
    setup: (dir) => writeFileSync(join(dir, 'ok.mjs'), plain(`${GOOD_F}\n${GOOD_G}`)),
    args: ['run', '--fn-module', './ok.mjs', '--opt', 'adam'],
    env: { O1_MODULE_TIMEOUT: 'soon' },
    spawn: true, // the limit is read once per process
    stderr: /^o1: O1_MODULE_TIMEOUT="soon": give the per-call limit for user modules in seconds/,
  },
]);
