// CPU time of the calling thread, for the training profile (bench:train --profile): Linux's
// /proc/thread-self/schedstat gives the nanoseconds this thread ran on a CPU and waited for one.
// Unlike wall time it does not grow when other processes share the cores, so a profile taken on
// a loaded machine still says where an idle machine's time would go. Absent elsewhere (undefined).
import { openSync, readSync } from 'node:fs';

export interface ThreadClock {
  /** Nanoseconds this thread has run on a CPU. The kernel adds a running thread's time at each
   *  tick and context switch, so a reading lags by up to a tick (1–4 ms): exact over long spans. */
  cpuNs: number;
  /** Nanoseconds it has waited, runnable, for a CPU (the machine's load, not our work); brought
   *  up to date whenever the thread gets a CPU, so exact at any reading. */
  waitNs: number;
  /** performance.now() of the reading, in ns. */
  wallNs: number;
}

/** CPU time of a section that never sleeps (a unit of scoring): its wall time minus the time it
 *  waited for a CPU — exact where cpuNs lags by a tick. */
export const busyNs = (a: ThreadClock, b: ThreadClock) => b.wallNs - a.wallNs - (b.waitNs - a.waitNs);

// Opened once per thread (each worker thread has its own copy of this module) and re-read at
// offset 0: an open + read + close per call cost ~70 µs of CPU, a positioned read ~4 µs.
let fd: number | undefined;
let available = process.platform === 'linux';
const buf = Buffer.alloc(128);
const MAX_GAP_NS = 50e3; // a positioned read takes ~4 µs
const MAX_TRIES = 100;

export function threadClock(): ThreadClock | undefined {
  if (!available) return undefined;
  try {
    fd ??= openSync('/proc/thread-self/schedstat', 'r');
    // The wall clock is read on both sides of the file read: a thread preempted in between (a
    // loaded machine) would pair a wait that already counts the preemption with a wall time that
    // does too, and a unit's wall − wait would come out milliseconds below zero (seen in CI).
    // Such a reading is taken again; a clean one brackets the file read within MAX_GAP_NS.
    for (let tries = 1; ; tries++) {
      const before = performance.now() * 1e6;
      const [run, wait] = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0)).split(' ');
      const after = performance.now() * 1e6;
      if (after - before <= MAX_GAP_NS || tries === MAX_TRIES) return { cpuNs: Number(run), waitNs: Number(wait), wallNs: after };
    }
  } catch {
    available = false; // no schedstat (a kernel without it, a sandbox): the profile says so
    return undefined;
  }
}
