// Checkpoints: the whole state of a training run as JSON (doubles round-trip exactly), written
// atomically so an interruption at any moment leaves either the old or the new checkpoint.
import { FileReadProblem, readRegularFile } from '../util/boundedRead.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { makeTrainConfig } from './config.js';
import type { Checkpoint } from './train.js';

export function saveCheckpoint(c: Checkpoint, path: string): void {
  writeFileAtomic(path, JSON.stringify(c) + '\n');
}

// CMA-ES's covariance over 2000 weights (the largest it takes) is about 80 MB of JSON.
const MAX_CHECKPOINT_BYTES = 512 * 1024 * 1024;

export function loadCheckpoint(path: string): Checkpoint {
  let text: string;
  try {
    text = readRegularFile(path, MAX_CHECKPOINT_BYTES).toString('utf8');
  } catch (e) {
    throw new InputError(`checkpoint '${path}': cannot read it: ${e instanceof FileReadProblem ? e.reason : 'is the path right?'}`);
  }
  let c: Partial<Checkpoint>;
  try {
    c = JSON.parse(text);
  } catch {
    throw new InputError(`checkpoint '${path}': not valid JSON (truncated or not a checkpoint)`);
  }
  if (typeof c !== 'object' || c === null || c.format !== 'o1-train-checkpoint') throw new InputError(`checkpoint '${path}': not an o1 training checkpoint`);
  if (c.version !== 1) throw new InputError(`checkpoint '${path}': version ${c.version} is not supported (expected 1)`);
  const config = makeTrainConfig((c.config ?? {}) as Record<string, unknown>, `checkpoint '${path}' config`);
  if (!Number.isInteger(c.generation) || c.generation! < 0 || !Array.isArray(c.history) || c.history.length !== c.generation || typeof c.strategyState !== 'object') {
    throw new InputError(`checkpoint '${path}': generation, history and strategy state do not fit together — the file is damaged`);
  }
  return { format: 'o1-train-checkpoint', version: 1, config, generation: c.generation!, strategyState: c.strategyState, history: c.history, elapsedSec: Number(c.elapsedSec) || 0, ...(typeof c.command === 'string' ? { command: c.command } : {}), ...runOf(c.run) };
}

function runOf(run: unknown): Pick<Checkpoint, 'run'> {
  const r = run as Checkpoint['run'];
  return r && typeof r.name === 'string' && /^[\w.-]+$/.test(r.name) && typeof r.registry === 'boolean' ? { run: { name: r.name, registry: r.registry } } : {};
}
