// Checkpoints: the whole state of a training run as JSON (doubles round-trip exactly), written
// atomically so an interruption at any moment leaves either the old or the new checkpoint.
//
// A checkpoint is data, never code. It names the run's function modules and records each one's
// SHA-256, but resuming never imports a path read from it: the user names the modules again
// (`--functions`, as at the start), and each is matched to the checkpoint's by content. Loading
// checks the file's whole shape, so a damaged checkpoint is one clear error, not a crash later.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { FileReadProblem, readRegularFile } from '../util/boundedRead.js';
import { jsonDepthProblem } from '../util/jsonDepth.js';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { paramCount } from '../o1/network.js';
import { makeTrainConfig, type TrainConfig, writtenConfig } from './config.js';
import { getStrategy } from './strategies/index.js';
import { type Checkpoint, type ModuleHash, o1ConfigFor, validationProblemCount } from './train.js';
import { isModulePath } from './userFunctions.js';

// CMA-ES's covariance over 2000 weights (the largest it takes) is about 80 MB of JSON.
const MAX_CHECKPOINT_BYTES = 512 * 1024 * 1024;

export function saveCheckpoint(c: Checkpoint, path: string): void {
  writeFileAtomic(path, JSON.stringify({ ...c, config: writtenConfig(c.config) }) + '\n');
}

export const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The content hash of each function module among `functions` (as the checkpoint records them). */
export const moduleHashes = (functions: readonly string[]): ModuleHash[] => functions.filter(isModulePath).map((name) => ({ name, sha256: sha256File(name) }));

/** Loads and checks a checkpoint. `modules`: the module paths the user named for the resume
 *  (`--functions`); they replace the checkpoint's own module entries, matched by content hash. */
export function loadCheckpoint(path: string, modules?: readonly string[]): Checkpoint {
  const where = `checkpoint '${path}'`;
  let text: string;
  try {
    text = readRegularFile(path, MAX_CHECKPOINT_BYTES).toString('utf8');
  } catch (e) {
    throw new InputError(`${where}: cannot read it: ${e instanceof FileReadProblem ? e.reason : 'is the path right?'}`);
  }
  // Deep nesting parses, but the checks below (and their messages) walk it recursively.
  const deep = jsonDepthProblem(text);
  if (deep) throw new InputError(`${where}: ${deep} — not an o1 training checkpoint`);
  let c: Record<string, unknown>;
  try {
    c = JSON.parse(text);
  } catch {
    throw new InputError(`${where}: not valid JSON (truncated or not a checkpoint)`);
  }
  if (typeof c !== 'object' || c === null || Array.isArray(c) || c.format !== 'o1-train-checkpoint') throw new InputError(`${where}: not an o1 training checkpoint`);
  if (c.version !== 1) throw new InputError(`${where}: version ${JSON.stringify(c.version)} is not supported (expected 1)`);
  const damaged = (what: string) => new InputError(`${where}: ${what} — the file is damaged (resume from an intact copy, or start the run again)`);
  if (typeof c.config !== 'object' || c.config === null || Array.isArray(c.config)) throw damaged('"config" is not an object');
  const raw = c.config as Record<string, unknown>;
  if (!Array.isArray(raw.functions) || !raw.functions.every((f) => typeof f === 'string')) throw damaged('"config.functions" is not a list of names');
  const recorded = recordedModules(c.modules, raw.functions as string[], damaged);
  const functions = namedModules(raw.functions as string[], recorded, modules, path);
  const config = makeTrainConfig({ ...raw, functions }, `${where} config`);
  const d = paramCount(o1ConfigFor(config));

  if (!Number.isInteger(c.generation) || (c.generation as number) < 0) throw damaged(`"generation" is ${show(c.generation)}, not a whole number ≥ 0`);
  const generation = c.generation as number;
  if (!Array.isArray(c.history)) throw damaged(`"history" is ${show(c.history)}, not a list`);
  if (c.history.length !== generation) throw damaged(`"history" has ${c.history.length} records for generation ${generation}`);
  const problems = validationProblemCount(config);
  c.history.forEach((r, i) => checkRecord(r, i, problems, damaged));
  checkStrategyState(c.strategyState, config, d, damaged);
  if (c.selected !== undefined) {
    const s = c.selected as Record<string, unknown>;
    if (typeof s !== 'object' || s === null || !Number.isInteger(s.generation) || !isScore(s.validation) || !isVector(s.weights, d)) {
      throw damaged(`"selected" is not { generation, validation, weights: ${d} numbers }`);
    }
  }
  if (c.elapsedSec !== undefined && !(typeof c.elapsedSec === 'number' && c.elapsedSec >= 0)) throw damaged(`"elapsedSec" is ${show(c.elapsedSec)}, not a number of seconds`);
  if (c.command !== undefined && typeof c.command !== 'string') throw damaged(`"command" is ${show(c.command)}, not a string`);
  const run = c.run as Checkpoint['run'] | undefined;
  if (run !== undefined && !(typeof run === 'object' && run !== null && typeof run.name === 'string' && /^[\w.-]+$/.test(run.name) && typeof run.registry === 'boolean')) {
    throw damaged('"run" is not { name (letters, digits, ".", "-", "_"), registry (true or false) }');
  }
  return {
    format: 'o1-train-checkpoint',
    version: 1,
    config,
    generation,
    strategyState: c.strategyState,
    history: c.history,
    elapsedSec: (c.elapsedSec as number | undefined) ?? 0,
    ...(c.command !== undefined ? { command: c.command as string } : {}),
    ...(run ? { run: { name: run.name, registry: run.registry } } : {}),
    ...(c.selected !== undefined ? { selected: c.selected as Checkpoint['selected'] } : {}),
    // The hashes of the files named now (equal to the recorded ones; new for an old checkpoint).
    ...(config.functions.some(isModulePath) ? { modules: moduleHashes(config.functions) } : {}),
  };
}

/** The checkpoint's module records, checked against its config (undefined: an old checkpoint). */
function recordedModules(value: unknown, functions: readonly string[], damaged: (w: string) => InputError): ModuleHash[] | undefined {
  if (value === undefined) return undefined;
  const inConfig = functions.filter(isModulePath);
  if (!Array.isArray(value) || !value.every((m) => typeof m === 'object' && m !== null && typeof m.name === 'string' && typeof m.sha256 === 'string' && /^[0-9a-f]{64}$/.test(m.sha256))) {
    throw damaged('"modules" is not a list of { name, sha256 }');
  }
  const names = value.map((m) => m.name as string);
  if (names.length !== inConfig.length || names.some((n, i) => n !== inConfig[i])) throw damaged('"modules" does not list the modules of "config.functions"');
  return value as ModuleHash[];
}

/** config.functions with each module entry replaced by the file the user named for it. */
function namedModules(functions: readonly string[], recorded: ModuleHash[] | undefined, given: readonly string[] | undefined, path: string): string[] {
  const mine = functions.filter(isModulePath);
  const builtins = functions.filter((f) => !isModulePath(f));
  const again = `o1 train --resume ${path} --functions ${functions.join(',')}`;
  if (given === undefined) {
    if (mine.length === 0) return [...functions];
    throw new InputError(`checkpoint '${path}' trains on the function module${mine.length > 1 ? 's' : ''} ${mine.join(', ')}: a checkpoint never runs code by itself — name ${mine.length > 1 ? 'them' : 'it'} again, as at the start: ${again}`);
  }
  const givenModules = given.filter(isModulePath).map((p) => resolve(p));
  const givenBuiltins = given.filter((f) => !isModulePath(f));
  const extra = givenBuiltins.filter((f) => !builtins.includes(f));
  if (extra.length) throw new InputError(`--functions: the run being resumed does not train on ${extra.join(', ')} (its functions: ${functions.join(', ')}; --resume keeps them)`);
  if (mine.length === 0 && givenModules.length) throw new InputError(`--functions: the run being resumed trains on built-in functions only (${functions.join(', ')}); --resume keeps them`);
  for (const p of givenModules) {
    try {
      if (!statSync(p).isFile()) throw new Error();
    } catch {
      throw new InputError(`--functions: function module '${p}' not found (or not a file)`);
    }
  }
  const taken = new Set<string>();
  const replacement = new Map<string, string>();
  for (const [k, name] of mine.entries()) {
    let match: string | undefined;
    if (recorded) {
      // Same content, wherever the file is now.
      const want = recorded[k].sha256;
      match = givenModules.find((p) => !taken.has(p) && sha256File(p) === want);
      if (!match) {
        throw new InputError(`--functions: none of the modules named has the content of the run's module '${name}' (sha256 ${want.slice(0, 12)}…): name that file, unchanged since the run started (a changed module needs a new run)`);
      }
    } else {
      // A checkpoint from before module hashes: the path is the only identity there is.
      match = givenModules.find((p) => p === name);
      if (!match) throw new InputError(`--functions: checkpoint '${path}' predates module hashes, so its module '${name}' is matched by path: name that same file (${again})`);
    }
    taken.add(match);
    replacement.set(name, match);
  }
  const unused = givenModules.filter((p) => !taken.has(p));
  if (unused.length) throw new InputError(`--functions: '${unused[0]}' is not one of the run's modules (${mine.join(', ')}; --resume keeps its functions)`);
  return functions.map((f) => replacement.get(f) ?? f);
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 40)}…` : s;
};
// JSON writes a non-finite score as null; a score is a number or that null.
const isScore = (v: unknown) => v === null || (typeof v === 'number' && !Number.isNaN(v));
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isVector = (v: unknown, d: number) => Array.isArray(v) && v.length === d && v.every(isFiniteNumber);
const isMatrix = (v: unknown, d: number) => Array.isArray(v) && v.length === d && v.every((row) => isVector(row, d));

function checkRecord(r: unknown, i: number, problems: number, damaged: (w: string) => InputError): void {
  const rec = r as Record<string, unknown>;
  const at = `"history"[${i}]`;
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) throw damaged(`${at} is ${show(r)}, not a generation record`);
  if (rec.generation !== i) throw damaged(`${at} is generation ${show(rec.generation)}, expected ${i}`);
  for (const k of ['best', 'median', 'validation', 'sigma']) if (!isScore(rec[k])) throw damaged(`${at}.${k} is ${show(rec[k])}, not a number`);
  const per = rec.validationPerFunction;
  if (!Array.isArray(per) || per.length !== problems || !per.every(isScore)) throw damaged(`${at}.validationPerFunction is not a list of ${problems} numbers`);
}

function checkStrategyState(s: unknown, cfg: TrainConfig, d: number, damaged: (w: string) => InputError): void {
  const state = s as Record<string, unknown>;
  const at = `"strategyState" (${cfg.strategy})`;
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw damaged(`"strategyState" is ${show(s)}, not the ${cfg.strategy} strategy's state`);
  const o = state.opts as Record<string, unknown>;
  if (
    typeof o !== 'object' || o === null || !Number.isInteger(o.population) || (o.population as number) < 1 || !(isFiniteNumber(o.sigma) && o.sigma > 0) ||
    ![o.mirrored, o.elitism, o.adaptSigma].every((b) => typeof b === 'boolean') || !(o.selection === 'best' || o.selection === 'ranks')
  ) {
    throw damaged(`${at}.opts is not { population, sigma, mirrored, elitism, adaptSigma, selection }`);
  }
  const need = (ok: boolean, what: string) => {
    if (!ok) throw damaged(`${at}.${what}`);
  };
  const positive = (v: unknown) => isFiniteNumber(v) && v > 0;
  const count = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  need(positive(state.sigma), `sigma is ${show(state.sigma)}, not a number > 0`);
  const vec = (k: string) => need(isVector(state[k], d), `${k} is not a list of ${d} finite numbers (the network's parameters)`);
  switch (getStrategy(cfg.strategy)?.name) {
    case 'notebook':
      vec('parent');
      need(count(state.generation), 'generation is not a whole number');
      break;
    case 'openai-es':
      vec('theta');
      vec('m');
      vec('v');
      need(count(state.t), 't is not a whole number');
      break;
    case 'cmaes':
      vec('mean');
      vec('pc');
      vec('ps');
      need(isMatrix(state.C, d), `C is not a ${d}×${d} matrix of finite numbers`);
      need(state.B === undefined || isMatrix(state.B, d), `B is not a ${d}×${d} matrix of finite numbers`);
      need(state.D === undefined || isVector(state.D, d), `D is not a list of ${d} finite numbers`);
      need(count(state.generation), 'generation is not a whole number');
      break;
  }
}
