// A run's identity on the queue and the user modules its jobs name by content hash.
import { createHash } from 'node:crypto';
import { type TrainConfig, writtenConfig } from '../train/config.js';
import { isModulePath } from '../train/userFunctions.js';
import { type ModuleRef, sha256File } from './protocol.js';

/** Same for every session of one run (resumes, --generations extensions): the config minus its length. */
export const runKey = (cfg: TrainConfig) => createHash('sha256').update(JSON.stringify({ ...writtenConfig(cfg), generations: 0 })).digest('hex').slice(0, 12);

export const moduleRefs = (functions: readonly string[]): ModuleRef[] =>
  functions.filter(isModulePath).map((name) => ({ name, sha256: sha256File(name) }));
