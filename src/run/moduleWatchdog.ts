// A user module's f, grad or import that never returns cannot be stopped from its own thread: a
// synchronous loop blocks every timer. So each thread that runs user code gets a watchdog thread.
// The calling thread marks each call in shared memory (two stores, no message, no wait: f and
// grad run millions of times); the watchdog wakes a few times per limit and, when one call has
// lasted longer than the limit, prints the error and ends the process with exit code 2. The one
// way to stop a busy main thread from another thread is an interrupt: the watchdog sends it
// through the inspector (Runtime.evaluate runs between two instructions of the loop).
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';

export const MODULE_TIMEOUT_ENV = 'O1_MODULE_TIMEOUT';
export const DEFAULT_MODULE_TIMEOUT_SEC = 30;

/** The limit on one call of f or grad and on loading a module, in seconds (0: no limit). */
export function moduleTimeoutSec(env: Record<string, string | undefined> = process.env): number {
  const text = env[MODULE_TIMEOUT_ENV];
  if (text === undefined || text === '') return DEFAULT_MODULE_TIMEOUT_SEC;
  const v = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : NaN;
  if (!(v >= 0 && v <= 86_400)) throw new InputError(`${MODULE_TIMEOUT_ENV}=${JSON.stringify(text)}: give the per-call limit for user modules in seconds (0 to 86400; 0 = no limit; default ${DEFAULT_MODULE_TIMEOUT_SEC})`);
  return v;
}

// Slots of the shared Int32Array: the number of the current call, and what it is (0: none).
const SEQ = 0;
const WHAT = 1;

// The watchdog thread (CommonJS, run with eval: no file to locate from src/ or dist/).
const WATCHDOG_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { beat, fired, limitMs, tickMs, exitExpression } = workerData;
const labels = new Map();
parentPort.on('message', (m) => labels.set(m.id, m.text));
let seen = -1;
let since = 0;
const timer = setInterval(() => {
  const what = Atomics.load(beat, ${WHAT});
  const seq = Atomics.load(beat, ${SEQ});
  const now = performance.now();
  if (what === 0 || seq !== seen) {
    seen = seq;
    since = now;
    return;
  }
  if (now - since < limitMs) return;
  clearInterval(timer);
  // Another thread's watchdog may fire at the same moment: only the first one speaks.
  if (Atomics.compareExchange(fired, 0, 0, 1) !== 0) return;
  // stderr may be gone (a closed pipe: EPIPE): the process must still end.
  try { writeSync(2, 'o1: ' + (labels.get(what) || 'a user module call') + '\\n'); } catch {}
  try {
    const { Session } = require('node:inspector');
    const session = new Session();
    session.connectToMainThread();
    session.post('Runtime.evaluate', { expression: exitExpression });
  } catch {}
  // No inspector (a Node built without it): the message is out, end the process the hard way.
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 3000);
}, tickMs);
`;

// Runs in the main thread. stderr is closed first: Node would add "Waiting for the debugger to
// disconnect..." to the one-line message; reallyExit skips exit handlers that could print more.
const EXIT_EXPRESSION = `(() => { const fs = process.getBuiltinModule('node:fs'); try { fs.closeSync(2); } catch {} if (process.reallyExit) process.reallyExit(2); else process.exit(2); })()`;

export interface CallWatch {
  /** A label for the message, saying what did not end (`objective module './x.mjs': f(x) did not return`). */
  label(text: string): number;
  /** Marks the start of a call of what `label` returned. */
  enter(what: number): void;
  leave(): void;
}

let threadWatch: CallWatch | undefined;

// One flag for the whole process, set by the first watchdog that fires (so the process prints one
// line, whichever threads hang). Worker threads get the main thread's flag from their pool.
let fired: Int32Array = new Int32Array(new SharedArrayBuffer(4));

/** What a pool passes to its worker threads (as workerData) so their watchdogs share the flag. */
export const watchdogShare = () => ({ fired });

/** In a worker thread, before its first user module: use the flag `watchdogShare` gave. */
export function adoptWatchdogShare(share: unknown): void {
  const f = (share as { fired?: unknown } | undefined)?.fired;
  if (f instanceof Int32Array && f.buffer instanceof SharedArrayBuffer && f.length === 1 && !threadWatch) fired = f;
}

/** This thread's watch (its watchdog starts on first use; none when the limit is 0). */
export function callWatch(): CallWatch {
  threadWatch ??= makeWatch(moduleTimeoutSec());
  return threadWatch;
}

function makeWatch(limitSec: number): CallWatch {
  const beat = new Int32Array(new SharedArrayBuffer(8));
  let worker: Worker | undefined;
  if (limitSec > 0) {
    const limitMs = limitSec * 1000;
    const tickMs = Math.max(10, Math.min(1000, Math.round(limitMs / 5)));
    worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { beat, fired, limitMs, tickMs, exitExpression: EXIT_EXPRESSION }, stdout: false, stderr: false });
    worker.unref();
  }
  let labels = 0;
  let seq = 0;
  return {
    label(text) {
      labels++;
      worker?.postMessage({ id: labels, text: `${text} within ${limitSec} s (an endless loop, or a promise that never settles?) — fix it, or set ${MODULE_TIMEOUT_ENV}=SECONDS for a longer limit (0: none)` });
      return labels;
    },
    enter(what) {
      beat[WHAT] = what;
      beat[SEQ] = ++seq;
    },
    leave() {
      beat[WHAT] = 0;
    },
  };
}
