// A worker thread of the training pool (piscina): loads its engine once, then claims units
// (agent, task) of the job it is sent from the shared counter until none are left, writing each
// score at the unit's index. The same scoreOnTasks runs in the main thread and in browser Web
// Workers; a plain { engine, job } message (no shared arrays) is scored whole and returned.
import { getEngine } from '../engine/index.js';
import type { EngineName } from '../engine/types.js';
import { type EvalJob, agentTasks, evaluateAgents, scoreOnTasks } from './evaluate.js';
import { loadTrainModules } from './userFunctions.js';
import type { SharedEvalMessage, WorkerInputError, WorkerStats } from './pool.js';
import { busyNs, threadClock } from './threadClock.js';
import { InputError } from '../errors.js';
import { workerData } from 'piscina';
import { adoptWatchdogShare } from '../run/moduleWatchdog.js';

// The pool passes the process's watchdog flag: a hang here and one in another thread print one line.
adoptWatchdogShare((workerData as { watchdog?: unknown } | undefined)?.watchdog);

// A user module's mistake (it threw, returned a wrong gradient, …) is the user's input error: it
// comes back as data, since an error thrown here would reach the main thread as a plain Error.
export default async function evaluate(msg: SharedEvalMessage | { engine: EngineName; job: EvalJob }): Promise<number[][] | WorkerInputError | WorkerStats> {
  try {
    return await evaluateHere(msg);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // The other threads stop claiming units: the generation fails anyway.
    if ('next' in msg) Atomics.store(msg.next, 0, 2 ** 31 - 1);
    return { inputError: e.message };
  }
}

async function evaluateHere(msg: SharedEvalMessage | { engine: EngineName; job: EvalJob }): Promise<number[][] | WorkerStats> {
  const startMs = performance.timeOrigin + performance.now();
  const clock0 = 'next' in msg && msg.unitCpuNs ? threadClock() : undefined;
  const engine = await getEngine(msg.engine);
  const { job } = msg;
  const tasksOf = (a: number) => agentTasks(job, a);
  await loadTrainModules([...new Set(job.agents.flatMap((_, a) => tasksOf(a).map((t) => t.fn)))]);
  if (!('next' in msg)) return evaluateAgents(engine, job);
  // Unit u → (agent, task): agents in order, each agent's tasks in order.
  const firstUnit: number[] = [];
  let units = 0;
  for (let a = 0; a < job.agents.length; a++) {
    firstUnit.push(units);
    units += tasksOf(a).length;
  }
  const profile = msg.unitCpuNs;
  let done = 0;
  let a = 0;
  for (let u = Atomics.add(msg.next, 0, 1); u < units; u = Atomics.add(msg.next, 0, 1)) {
    while (a + 1 < job.agents.length && firstUnit[a + 1] <= u) a++;
    const optimizer = { kind: 'o1' as const, model: { config: job.config, weights: Float64Array.from(job.agents[a]) } };
    const before = profile ? threadClock() : undefined;
    msg.scores[u] = scoreOnTasks(engine, optimizer, [tasksOf(a)[u - firstUnit[a]]], job.steps, job.fitness, job.horizons)[0];
    if (profile && before) profile[u] = busyNs(before, threadClock()!);
    done++;
  }
  const clock1 = clock0 ? threadClock() : undefined;
  return {
    units: done,
    startMs,
    endMs: performance.timeOrigin + performance.now(),
    // The call never sleeps (its awaits resolve at once), so wall − wait is its exact CPU time.
    ...(clock0 && clock1 ? { cpuNs: busyNs(clock0, clock1), waitNs: clock1.waitNs - clock0.waitNs } : {}),
  };
}
