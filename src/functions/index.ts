// The registry of test functions: the one table that the CLI, the WASM dispatch, the benchmark
// and the web demo read. Ids are stable (never reused); the order is the listing order.
import type { TestFunction } from './types.js';
import { closeMatches } from '../util/closeMatches.js';
import { sphere } from './sphere.js';
import { quadratic } from './quadratic.js';
import { rosenbrock } from './rosenbrock.js';
import { beale } from './beale.js';
import { booth } from './booth.js';
import { matyas } from './matyas.js';
import { himmelblau } from './himmelblau.js';
import { threeHumpCamel, sixHumpCamel } from './camels.js';
import { goldsteinPrice } from './goldstein.js';
import { mccormick } from './mccormick.js';
import { styblinskiTang } from './styblinski.js';
import { rastrigin } from './rastrigin.js';
import { ackley } from './ackley.js';
import { levi13 } from './levi.js';
import { griewank } from './griewank.js';
import { easom } from './easom.js';
import { branin } from './branin.js';
import { bohachevsky } from './bohachevsky.js';
import { leon } from './leon.js';
import { trecanni } from './trecanni.js';
import { zakharov } from './zakharov.js';
import { trid } from './trid.js';
import { sumPowers } from './sumpowers.js';
import { levy } from './levy.js';

export type { TestFunction, Box, Vec, MutVec, FunctionKind, FunctionKernel } from './types.js';
export { makeRotatedQuadratic } from './quadratic.js';
export { closeMatches } from '../util/closeMatches.js';
export {
  sphere, quadratic, rosenbrock, beale, booth, matyas, himmelblau, threeHumpCamel, sixHumpCamel,
  goldsteinPrice, mccormick, styblinskiTang, rastrigin, ackley, levi13, griewank, easom, branin,
  bohachevsky, leon, trecanni, zakharov, trid, sumPowers, levy,
};

/** Every built-in test function, in id order. */
export const FUNCTIONS: readonly TestFunction[] = [
  sphere, quadratic, rosenbrock, beale, booth, matyas, himmelblau, threeHumpCamel, sixHumpCamel,
  goldsteinPrice, mccormick, styblinskiTang, rastrigin, ackley, levi13, griewank, easom, branin,
  // The pre-registered held-out split's functions (src/bench/preregistered.ts): evaluation only.
  bohachevsky, leon, trecanni, zakharov, trid, sumPowers, levy,
];

// Long or alternative spellings people type, mapped to the canonical short name.
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['three_hump_camel', 'threehump'],
  ['six_hump_camel', 'sixhump'],
  ['goldstein_price', 'goldstein'],
  ['styblinski_tang', 'styblinski'],
  ['levi13', 'levi'],
  ['levi_n13', 'levi'],
  ['rotated_quadratic', 'quadratic'],
  ['bohachevsky1', 'bohachevsky'],
  ['sum_of_different_powers', 'sumpowers'],
  ['sum_powers', 'sumpowers'],
]);

const byName = new Map<string, TestFunction>(FUNCTIONS.map((fn) => [fn.name, fn]));
const byId = new Map<number, TestFunction>(FUNCTIONS.map((fn) => [fn.id, fn]));

/** Canonical names, in listing order. */
export function functionNames(): string[] {
  return FUNCTIONS.map((fn) => fn.name);
}

/** Looks a function up by name or alias (case-insensitive, '-' and '_' interchangeable). */
export function getFunction(name: string): TestFunction | undefined {
  const key = name.trim().toLowerCase().replace(/-/g, '_');
  return byName.get(key) ?? byName.get(ALIASES.get(key) ?? '');
}

export function getFunctionById(id: number): TestFunction | undefined {
  return byId.get(id);
}

/** "did you mean" candidates for an unknown function name. */
export function suggestFunctions(name: string): string[] {
  return closeMatches(name, functionNames());
}
