// What travels through the queue: data only. A job is one slice of a generation's agents with
// their tasks (built-in function names, or user modules named by content hash), serialised with
// V8's structured-clone format (doubles exact, NaN/±∞ kept); a result is the slice's scores.
// No code travels: a worker evaluates with its own o1 build, and refuses jobs from a different
// o1 version or kernel ABI, since only the same kernels give the same bytes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { WASM_ABI_VERSION } from '../engine/loadWasm.js';
import type { EngineName } from '../engine/types.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { EvalJob } from '../train/evaluate.js';
import { join } from 'node:path';

export const PROTOCOL = 1;
export const QUEUE_NAME = 'o1-eval';
/** Redis hash of live workers (id → JSON { threads, host, at }), refreshed by each worker. */
export const WORKERS_KEY = 'o1:eval:workers';

export const O1_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

export interface BuildId {
  protocol: number;
  o1: string;
  abi: number;
}
export const BUILD: BuildId = { protocol: PROTOCOL, o1: O1_VERSION, abi: WASM_ABI_VERSION };

/** A user module a job needs: the coordinator's name for it and the SHA-256 of its content. */
export interface ModuleRef {
  name: string;
  sha256: string;
}

export interface JobData {
  build: BuildId;
  /** Identifies the run (config hash) and the coordinator session that added the job. */
  run: string;
  session: string;
  /** Evaluation round (a generation, or the final validation) and slice index within it. */
  round: number;
  part: number;
  /** Agents in this slice (for logs; the payload has them). */
  agents: number;
  engine: EngineName;
  modules: ModuleRef[];
  /** base64 of v8.serialize(EvalJob). */
  payload: string;
}

export interface JobResult {
  /** base64 of v8.serialize(number[][]). */
  scores: string;
  /** Wall milliseconds the worker spent evaluating. */
  ms: number;
  worker: string;
  threads: number;
}

export const encode = (v: unknown): string => serialize(v).toString('base64');
export const decode = <T>(s: string): T => deserialize(Buffer.from(s, 'base64')) as T;

export const encodeJob = (job: EvalJob) => encode(job);
export const decodeJob = (s: string) => decode<EvalJob>(s);

export const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Why a worker of build `mine` must not run a job of build `theirs` (undefined: it may). */
export function buildMismatch(theirs: BuildId | undefined, mine: BuildId = BUILD): string | undefined {
  if (!theirs || theirs.protocol !== mine.protocol) return `the job speaks queue protocol ${theirs?.protocol ?? '?'}, this worker ${mine.protocol}`;
  if (theirs.o1 !== mine.o1 || theirs.abi !== mine.abi) {
    return `the coordinator runs o1 ${theirs.o1} (kernel ABI ${theirs.abi}), this worker o1 ${mine.o1} (kernel ABI ${mine.abi}): install the same o1 version on every machine — different kernels would not give the same bytes`;
  }
  return undefined;
}
