// Training on the user's own functions: `--functions rosenbrock,./my-bowl.mjs`. A name that looks
// like a module path is loaded once per thread (main thread and every worker) with the same
// loader as `o1 run --fn-module`, and then resolves like a built-in name.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestFunction } from '../functions/types.js';
import { InputError } from '../errors.js';
import { loadObjectiveModule } from '../run/objectiveModule.js';
import { testFunctionFromObjective } from '../run/objective.js';

const loaded = new Map<string, TestFunction>();

export const isModulePath = (name: string) => /\.[cm]?js$/.test(name) || name.includes('/');

/** The canonical (absolute) form of a module name, so every thread agrees on it. */
export const canonicalModuleName = (name: string) => resolve(name);

export function moduleProblems(name: string): string[] {
  return existsSync(name) ? [] : [`function module "${name}" not found`];
}

/** Loads every module path among `names` (idempotent). Training needs a domain (to draw starts)
 *  and fmin (to measure gaps). */
export async function loadTrainModules(names: readonly string[]): Promise<void> {
  for (const name of names) {
    if (!isModulePath(name) || loaded.has(name)) continue;
    const obj = await loadObjectiveModule(name);
    if (!obj.domain) throw new InputError(`function module '${name}': training draws start points from the domain — export domain ([[lo, hi], …])`);
    if (obj.fmin === undefined || !Number.isFinite(obj.fmin)) throw new InputError(`function module '${name}': training measures gaps f − f* — export fmin (the minimum value, or a lower bound)`);
    loaded.set(name, testFunctionFromObjective(obj));
  }
}

export function userFunction(name: string): TestFunction | undefined {
  return loaded.get(name);
}
