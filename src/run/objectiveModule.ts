// Users bring their own objective as an ES module: `export function f(x)`, `export function
// grad(x)` (returning an array), and optionally `dims`, `domain` ([[lo, hi], ...]), `fmin`, `name`.
// The module is untrusted code run by a trusted user: its import, its exports and one call of f
// and grad (at the domain's centre) are checked here, before any run, so a broken module is one
// clear input error; a module that never finishes loading is stopped by the thread's watchdog.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import type { Box } from '../functions/types.js';
import type { Objective, UserObjective } from './objective.js';
import { checkedObjective, describeThrown } from './checkedObjective.js';
import { callWatch, moduleTimeoutSec } from './moduleWatchdog.js';
import { MAX_DIMS } from '../util/limits.js';


export async function loadObjectiveModule(path: string, dims?: number): Promise<Objective> {
  const where = `objective module '${path}'`;
  moduleTimeoutSec(); // a bad O1_MODULE_TIMEOUT is an error before any user code runs
  const abs = resolve(path);
  if (!existsSync(abs)) throw new InputError(`${where} not found (give a path to an .mjs/.js file)`);
  if (!statSync(abs).isFile()) throw new InputError(`${where} is not a file (give a path to an .mjs/.js file)`);
  const mod = await importGuarded(abs, where);
  const u = readExports(mod, where);
  for (const fn of ['f', 'grad'] as const) {
    if (typeof u[fn] !== 'function') throw new InputError(`${where} must export functions f(x) and grad(x) (${fn} is ${u[fn] === undefined ? 'missing' : `a ${typeof u[fn]}`})`);
    if ((u[fn] as () => unknown).constructor?.name === 'AsyncFunction') throw new InputError(`${where}: ${fn} is an async function — f and grad must be plain synchronous functions`);
  }
  if (u.dims !== undefined && !(Number.isInteger(u.dims) && (u.dims as number) >= 1 && (u.dims as number) <= MAX_DIMS)) {
    throw new InputError(`${where}: dims must be an integer from 1 to ${MAX_DIMS}, got ${JSON.stringify(u.dims) ?? String(u.dims)}`);
  }
  const n = dims ?? (u.dims as number | undefined) ?? (Array.isArray(u.domain) ? u.domain.length : undefined);
  if (n === undefined || !Number.isInteger(n) || n < 1) {
    throw new InputError(`${where}: cannot tell its dimension — export dims, or a domain, or pass --dims`);
  }
  const domain = u.domain === undefined ? undefined : checkDomain(u.domain, n, where);
  if (u.fmin !== undefined && !(typeof u.fmin === 'number' && !Number.isNaN(u.fmin))) {
    throw new InputError(`${where}: fmin must be a number (the minimum value, or a lower bound), got ${JSON.stringify(u.fmin) ?? String(u.fmin)}`);
  }
  if (u.name !== undefined && !(typeof u.name === 'string' && /^[^\p{Cc}]{1,100}$/u.test(u.name))) {
    throw new InputError(`${where}: name must be a string of 1 to 100 characters on one line`);
  }
  const obj = checkedObjective(u as unknown as UserObjective, n, (u.name as string | undefined) ?? basename(path).replace(/\.[cm]?js$/, ''), where, domain);
  if (domain) {
    // One call of each at the centre: a module that is wrong everywhere fails now, not after a
    // benchmark's or a training run's first minutes.
    const centre = domain.lo.map((lo, i) => lo + (domain.hi[i] - lo) / 2);
    obj.f(centre);
    obj.valueAndGrad(centre, new Float64Array(n));
  }
  return obj;
}

const EXPORTS = ['f', 'grad', 'dims', 'domain', 'fmin', 'name'] as const;

/** The module's exports read once, as plain values: an export that is a getter which throws is the
 *  module's error (an input error naming it), not o1's. */
function readExports(mod: Record<string, unknown>, where: string): Record<string, unknown> {
  const read = (from: Record<string, unknown>, key: string): unknown => {
    try {
      return from[key];
    } catch (e) {
      throw new InputError(`${where}: reading its export ${key} threw: ${describeThrown(e)}`);
    }
  };
  const d = read(mod, 'default');
  const from = d && typeof d === 'object' ? (d as Record<string, unknown>) : mod;
  const u: Record<string, unknown> = {};
  for (const key of EXPORTS) {
    const v = read(from, key);
    // f and grad keep their `this` (a default-exported object's methods may use it).
    u[key] = typeof v === 'function' ? v.bind(from) : v;
  }
  return u;
}

async function importGuarded(abs: string, where: string): Promise<Record<string, unknown>> {
  const watch = callWatch();
  const loading = watch.label(`${where} did not finish loading`);
  // Keeps the event loop alive while the import is pending: a top-level await that never
  // settles would otherwise end the process (exit 13, silently) before the watchdog speaks.
  // Without a limit there is no watchdog to wait for: when nothing else is left to run, the
  // pending import is a top-level await that never settles, and that is the error.
  const hold = moduleTimeoutSec() > 0 ? setInterval(() => {}, 1 << 30) : undefined;
  let stall!: (e: Error) => void;
  const stalled = new Promise<never>((_, reject) => (stall = reject));
  const onIdle = () => stall(new InputError(`${where} did not finish loading: its top-level await never settles`));
  if (!hold) process.once('beforeExit', onIdle);
  watch.enter(loading);
  try {
    return await Promise.race([import(pathToFileURL(abs).href), stalled]);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${where} failed to load: ${describeThrown(e)}`);
  } finally {
    watch.leave();
    clearInterval(hold);
    process.off('beforeExit', onIdle);
  }
}

function checkDomain(d: unknown, n: number, where: string): Box {
  const bad = (what: string) => new InputError(`${where}: domain ${what} — export domain as [[lo, hi], …] with one finite interval lo ≤ hi per coordinate (${n})`);
  let lo: unknown[];
  let hi: unknown[];
  if (Array.isArray(d)) {
    if (d.length !== n) throw new InputError(`${where}: domain has ${d.length} intervals but the objective is ${n}-D`);
    d.forEach((b, i) => {
      if (!Array.isArray(b) || b.length !== 2) throw bad(`[${i}] is not a pair [lo, hi]`);
    });
    lo = d.map((b) => b[0]);
    hi = d.map((b) => b[1]);
  } else if (typeof d === 'object' && d !== null && Array.isArray((d as Box).lo) && Array.isArray((d as Box).hi)) {
    ({ lo, hi } = d as { lo: unknown[]; hi: unknown[] });
    if (lo.length !== n || hi.length !== n) throw new InputError(`${where}: domain has ${lo.length} lower and ${hi.length} upper bounds but the objective is ${n}-D`);
  } else throw bad('is neither an array of intervals nor { lo, hi }');
  for (let i = 0; i < n; i++) {
    const a = lo[i];
    const b = hi[i];
    if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) throw bad(`[${i}] is [${String(a)}, ${String(b)}], not two finite numbers`);
    if (a > b) throw bad(`[${i}] is [${a}, ${b}]: lo is above hi`);
  }
  return { lo: lo as number[], hi: hi as number[] };
}
