// Model references → loaded, validated models. A reference is a file path or an id: ids are
// looked up in the user's registry (./models, or $O1_MODELS_DIR) and then among the models
// shipped with the package. No reference means the shipped default model.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkRegistryPair } from './registry.js';
import { InputError } from '../errors.js';
import { MODELS_DIR } from '../paths.js';
import { loadModel } from './io.js';
import type { O1Model } from '../o1/o1.js';

export const DEFAULT_MODEL_ID = 'default';

/** Where `o1 train --name ID` saves and where ids are looked up first. */
export function registryDir(): string {
  return resolve(process.env.O1_MODELS_DIR ?? 'models');
}

/** Registry directories in lookup order (the user's, then the package's), without repeats. */
export function modelDirs(): string[] {
  const dir = registryDir();
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new InputError(`model registry ${dir}${process.env.O1_MODELS_DIR ? ' ($O1_MODELS_DIR)' : ''} is a file, not a directory: point O1_MODELS_DIR at a directory`);
  return [...new Set([dir, MODELS_DIR])];
}

export function modelIds(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The file of an id, or undefined. */
export function modelPath(id: string): string | undefined {
  for (const dir of modelDirs()) {
    const p = join(dir, `${id}.json`);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function resolveModel(ref?: string): O1Model {
  if (ref !== undefined && existsSync(ref)) return loadModel(ref);
  const id = ref ?? DEFAULT_MODEL_ID;
  const p = /^[\w.-]+$/.test(id) ? modelPath(id) : undefined;
  if (p) {
    const model = loadModel(p);
    if (dirname(p) === registryDir()) checkRegistryPair(registryDir(), id, model);
    return model;
  }
  if (ref === undefined) throw new InputError(`no default model found in ${modelDirs().join(' or ')}: pass --model FILE (train one with \`o1 train\`)`);
  const ids = [...new Set(modelDirs().flatMap(modelIds))];
  throw new InputError(`model '${ref}' is neither a file nor a model id${ids.length ? ` (ids: ${ids.join(', ')})` : ''}`);
}
