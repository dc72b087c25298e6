// Training on the user's own functions: `--functions rosenbrock,./my-bowl.mjs`. A name that looks
// like a module path is loaded once per thread (main thread and every worker) with the same
// loader as `o1 run --fn-module`, and then resolves like a built-in name.
//
// The training core also runs in browsers (the web demo trains in the page), so this file has no
// static Node import: the file system is reached through process.getBuiltinModule (Node ≥ 20.16)
// and the module loader (src/run/objectiveModule.ts, Node-only) through a dynamic import that
// bundlers do not follow. In a browser, module names get one clear error.
import type { TestFunction } from '../functions/types.js';
import { InputError } from '../errors.js';
import { type Objective, testFunctionFromObjective } from '../run/objective.js';

const loaded = new Map<string, TestFunction>();

export const isModulePath = (name: string) => /\.[cm]?js$/.test(name) || name.includes('/');

/** A Node built-in, or undefined outside Node. */
function nodeBuiltin<T>(id: string): T | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return p?.getBuiltinModule?.(id) as T | undefined;
}

const NEEDS_NODE = 'user function modules load in Node only (o1 train --functions)';

/** The canonical (absolute) form of a module name, so every thread agrees on it. */
export function canonicalModuleName(name: string): string {
  const path = nodeBuiltin<typeof import('node:path')>('node:path');
  return path ? path.resolve(name) : name;
}

export function moduleProblems(name: string): string[] {
  const fs = nodeBuiltin<typeof import('node:fs')>('node:fs');
  if (!fs) return [`function module "${name}": ${NEEDS_NODE}`];
  return fs.existsSync(name) ? [] : [`function module "${name}" not found`];
}

/** Loads every module path among `names` (idempotent). Training needs a domain (to draw starts)
 *  and fmin (to measure gaps). */
export async function loadTrainModules(names: readonly string[]): Promise<void> {
  for (const name of names) {
    if (!isModulePath(name) || loaded.has(name)) continue;
    if (!nodeBuiltin('node:fs')) throw new InputError(`function module '${name}': ${NEEDS_NODE}`);
    const loaderModule = '../run/objectiveModule.js'; // held in a variable: bundlers leave it alone
    const { loadObjectiveModule } = (await import(/* @vite-ignore */ loaderModule)) as typeof import('../run/objectiveModule.js');
    const obj = await loadObjectiveModule(name);
    if (!obj.domain) throw new InputError(`function module '${name}': training draws start points from the domain — export domain ([[lo, hi], …])`);
    if (obj.fmin === undefined || !Number.isFinite(obj.fmin)) throw new InputError(`function module '${name}': training measures gaps f − f* — export fmin (the minimum value, or a lower bound)`);
    const probe = finiteProbe(obj);
    if (probe) throw new InputError(`function module '${name}': ${probe} — training needs a function with finite values and gradients on its domain`);
    loaded.set(name, testFunctionFromObjective(obj));
  }
}

/** Three fixed points of the domain (¼, ½ and ¾ of the way along every axis): a function that is
 *  not finite at any of them (NaN everywhere, say) would train on nothing but "diverged" runs. */
function finiteProbe(obj: Objective): string | undefined {
  const { lo, hi } = obj.domain!;
  const g = new Float64Array(lo.length);
  let finiteF = false;
  let finiteGrad = false;
  for (const q of [0.25, 0.5, 0.75]) {
    const x = lo.map((l, i) => l + q * (hi[i] - l));
    if (Number.isFinite(obj.valueAndGrad(x, g))) {
      finiteF = true;
      if (g.every(Number.isFinite)) finiteGrad = true;
    }
  }
  if (!finiteF) return 'f is not finite at any of the probe points ¼, ½ and ¾ of the way along every axis of its domain';
  if (!finiteGrad) return 'grad is not finite wherever f is, at the probe points ¼, ½ and ¾ of the way along every axis of its domain';
  return undefined;
}

export function userFunction(name: string): TestFunction | undefined {
  return loaded.get(name);
}
