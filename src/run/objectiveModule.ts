// Users bring their own objective as an ES module: `export function f(x)`, `export function
// grad(x)` (returning an array), and optionally `dims`, `domain` ([[lo, hi], ...]), `fmin`, `name`.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { type Objective, type UserObjective, objectiveFromUser } from './objective.js';

export async function loadObjectiveModule(path: string, dims?: number): Promise<Objective> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new InputError(`objective module '${path}' not found (give a path to an .mjs/.js file)`);
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(abs).href);
  } catch (e) {
    throw new InputError(`objective module '${path}' failed to load: ${e instanceof Error ? e.message : String(e)}`);
  }
  const u = (mod.default && typeof mod.default === 'object' ? mod.default : mod) as Partial<UserObjective>;
  if (typeof u.f !== 'function' || typeof u.grad !== 'function') {
    throw new InputError(`objective module '${path}' must export functions f(x) and grad(x)`);
  }
  const n = dims ?? u.dims ?? (Array.isArray(u.domain) ? u.domain.length : undefined);
  if (n === undefined || !Number.isInteger(n) || n < 1) {
    throw new InputError(`objective module '${path}': cannot tell its dimension — export dims, or a domain, or pass --dims`);
  }
  if (Array.isArray(u.domain) && u.domain.length !== n) {
    throw new InputError(`objective module '${path}': domain has ${u.domain.length} intervals but the objective is ${n}-D`);
  }
  return objectiveFromUser(u as UserObjective, n, u.name ?? basename(path).replace(/\.[cm]?js$/, ''));
}
