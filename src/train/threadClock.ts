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

export function threadClock(): ThreadClock | undefined {
  if (!available) return undefined;
  try {
    fd ??= openSync('/proc/thread-self/schedstat', 'r');
    const [run, wait] = buf.toString('latin1', 0, readSync(fd, buf, 0, buf.length, 0)).split(' ');
    return { cpuNs: Number(run), waitNs: Number(wait), wallNs: performance.now() * 1e6 };
  } catch {
    available = false; // no schedstat (a kernel without it, a sandbox): the profile says so
    return undefined;
  }
}
