// A user module's f and grad as an Objective whose every call is checked: the module is untrusted
// code run by a trusted user, so whatever it does wrong — throws (an Error or anything else),
// returns a promise, a non-number, a gradient of the wrong length or with a non-number in it, or
// nothing without filling `out` — is that user's input error, naming the module and the problem
// (exit 2), never an internal error. Each call is also marked for the thread's watchdog
// (moduleWatchdog.ts), which ends a call that never returns. The checks are a few type tests per
// call; a well-behaved module gets exactly the numbers it returns, as before.
import { InputError } from '../errors.js';
import type { Box, MutVec, Vec } from '../functions/types.js';
import type { Objective, UserObjective } from './objective.js';
import { callWatch } from './moduleWatchdog.js';

/** One line describing a thrown value, whatever it is (a message's newlines would split the CLI's
 *  one-line error). */
export function describeThrown(e: unknown): string {
  let text: string;
  try {
    if (e instanceof Error) text = `${e.name}: ${e.message}`;
    else if (typeof e === 'string') text = JSON.stringify(e);
    else if (typeof e === 'object' && e !== null) text = `a non-Error ${JSON.stringify(e) ?? Object.prototype.toString.call(e)}`;
    else text = `a non-Error ${String(e)}`;
  } catch {
    text = 'a value that cannot be shown';
  }
  text = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

const isThenable = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';

function shown(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v === 'undefined' ? '' : `${typeof v} `}${String(v)}`;
}

/** `where` names the module for messages, e.g. "objective module './bowl.mjs'". */
export function checkedObjective(u: UserObjective, n: number, name: string, where: string, domain?: Box): Objective {
  const watch = callWatch();
  const F = watch.label(`${where}: f(x) did not return`);
  const G = watch.label(`${where}: grad(x) did not return`);
  const fail = (what: string) => new InputError(`${where}: ${what}`);
  const SYNC = 'f and grad must be plain synchronous functions (no async, no await)';
  const point = (x: Vec) => {
    const xi = new Array<number>(n);
    for (let i = 0; i < n; i++) xi[i] = x[i];
    return xi;
  };
  const value = (v: unknown): number => {
    if (typeof v === 'number') return v;
    if (isThenable(v)) throw fail(`f(x) returned a Promise — ${SYNC}`);
    throw fail(`f(x) returned ${shown(v)}, not a number — return f at the point x (an array of ${n} numbers)`);
  };
  const callF = (x: Vec): number => {
    let v: unknown;
    watch.enter(F);
    try {
      v = u.f(point(x));
    } catch (e) {
      throw fail(`f(x) threw ${describeThrown(e)}`);
    } finally {
      watch.leave();
    }
    return value(v);
  };
  // `out` starts every call unfilled, so a grad that returns nothing and fills nothing is seen.
  const out: (number | undefined)[] = new Array(n);
  return {
    name,
    n,
    f: callF,
    valueAndGrad: (x, g: MutVec) => {
      out.fill(undefined);
      let r: unknown;
      watch.enter(G);
      try {
        r = u.grad(point(x), out as number[]);
      } catch (e) {
        throw fail(`grad(x) threw ${describeThrown(e)}`);
      } finally {
        watch.leave();
      }
      if (isThenable(r)) throw fail(`grad(x) returned a Promise — ${SYNC}`);
      const src = (r ?? out) as ArrayLike<unknown>;
      if (typeof src !== 'object' || typeof src.length !== 'number') {
        throw fail(`grad(x) returned ${shown(r)}, not an array — return one number per coordinate (${n})`);
      }
      if (src.length !== n) throw fail(`grad(x) returned ${src.length} value${src.length === 1 ? '' : 's'} for a ${n}-D point — return one number per coordinate (${n})`);
      for (let i = 0; i < n; i++) {
        const v = src[i];
        if (typeof v !== 'number') {
          throw fail(
            r == null
              ? `grad(x) returned ${shown(r)} and left out[${i}] unset — return an array of ${n} numbers, or fill all of the second argument`
              : `grad(x)[${i}] is ${shown(v)}, not a number — return one number per coordinate (${n})`,
          );
        }
        g[i] = v;
      }
      return callF(x);
    },
    fmin: u.fmin,
    domain,
  };
}
