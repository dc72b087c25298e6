// Where a 2-worker generation's time goes, in CPU time (bench:train --profile). On a shared
// machine wall time says how busy the others are; each thread's CPU time (Linux schedstat) does
// not. So per generation this measures the main thread's CPU outside evaluation (ask, tell, task
// draws, records, checkpoints), its CPU inside it (posting the job, collecting scores), each
// worker's CPU for the call (start: engine, modules) and each unit's CPU, then replays the units
// in claim order on 2 idle cores to get the makespan an idle machine would see — the serial tail
// included. 1 worker is the in-process evaluator, measured the same way.
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { TrainConfig } from '../src/train/config.js';
import { initialCheckpoint, train } from '../src/train/train.js';
import { type EvalProfile, type Evaluator, inProcessEvaluator, pooledEvaluator } from '../src/train/pool.js';
import { agentTasks, type EvalJob } from '../src/train/evaluate.js';
import { busyNs, threadClock } from '../src/train/threadClock.js';
import { makeTrainConfig } from '../src/train/config.js';

interface MainThread {
  /** Per evaluate call: main-thread CPU ns before it since the previous call ended (serial work). */
  serialNs: number[];
  /** Per evaluate call: main-thread CPU ns inside it. */
  evalNs: number[];
  /** Per evaluate call: main-thread ns waiting for a CPU (load) over the whole generation. */
  waitNs: number[];
  wallMs: number[];
  coordinateSteps: number[];
  /** Per evaluate call: the whole process's CPU ns (every thread: main, workers, V8's GC and
   *  compiler threads) since the previous call ended. */
  processNs: number[];
}

const cpuNow = () => {
  const c = threadClock();
  if (!c) throw new Error('bench:train --profile needs /proc/thread-self/schedstat (Linux)');
  return c;
};

/** Coordinate-steps of a job: every start of every agent's tasks, each coordinate, each step. */
function coordinateSteps(job: EvalJob): number {
  let s = 0;
  for (let a = 0; a < job.agents.length; a++) for (const t of agentTasks(job, a)) s += t.starts.length * job.steps;
  return s;
}

// Main-thread CPU per generation: the serial part (between two evaluate calls) never sleeps, so
// wall − wait gives it exactly; inside a pooled evaluate the thread sleeps while the workers run,
// so that part is the schedstat CPU time from one wake-up (the end of the previous call) to the
// next, minus the serial part — both readings taken just after the kernel brought it up to date.
// An in-process evaluate never sleeps: wall − wait throughout.
function timed(ev: Evaluator, m: MainThread, sleeps: boolean): Evaluator {
  let last = cpuNow();
  let lastWall = performance.now();
  let lastProcess = process.cpuUsage();
  return {
    workers: ev.workers,
    async evaluate(job) {
      const c0 = cpuNow();
      const out = await ev.evaluate(job);
      const c1 = cpuNow();
      const w = performance.now();
      const serial = busyNs(last, c0);
      m.serialNs.push(serial);
      m.evalNs.push(sleeps ? c1.cpuNs - last.cpuNs - serial : busyNs(c0, c1));
      m.waitNs.push(c1.waitNs - last.waitNs);
      m.wallMs.push(w - lastWall);
      m.coordinateSteps.push(coordinateSteps(job));
      const p = process.cpuUsage(lastProcess);
      m.processNs.push((p.user + p.system) * 1000);
      lastProcess = process.cpuUsage();
      last = c1;
      lastWall = w;
      return out;
    },
    close: () => ev.close(),
  };
}

const fresh = (): MainThread => ({ serialNs: [], evalNs: [], waitNs: [], wallMs: [], coordinateSteps: [], processNs: [] });

/** Units in claim order on `workers` idle cores, each core first paying its call's start-up. */
function makespanNs(p: EvalProfile, workers: number): { makespan: number; startup: number } {
  const startup = p.workers.reduce((s, w) => s + ((w.cpuNs ?? 0) - unitsOf(p, w)), 0) / p.workers.length;
  const free = new Array<number>(workers).fill(startup);
  for (const c of p.unitCpuNs) {
    let k = 0;
    for (let j = 1; j < workers; j++) if (free[j] < free[k]) k = j;
    free[k] += c;
  }
  return { makespan: Math.max(...free), startup };
}

// A worker's unit CPU is not returned per worker; spread the total by its unit count (only the
// start-up estimate uses this, and start-up is a small, near-constant cost).
const unitsOf = (p: EvalProfile, w: { units: number }) => (p.unitCpuNs.reduce((a, b) => a + b, 0) * w.units) / Math.max(1, p.unitCpuNs.length);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const ms = (ns: number) => (ns / 1e6).toFixed(2);

export async function profileTraining(cfg: TrainConfig, label: string): Promise<void> {
  const G = cfg.generations;
  console.log(`# bench:train --profile — ${label} config, ${G} generations × ${cfg.population} candidates, engine ${cfg.engine}`);
  console.log(`node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
  const one = await inProcessEvaluator(cfg.engine);
  const two = await pooledEvaluator(cfg.engine, 2, { profile: true });
  try {
    const warm = makeTrainConfig({ generations: 3 }, 'warm', cfg);
    await train(initialCheckpoint(warm), one);
    await train(initialCheckpoint(warm), two);
    two.profiles.length = 0;
    const m1 = fresh();
    const r1 = await train(initialCheckpoint(cfg), timed(one, m1, false));
    const m2 = fresh();
    const r2 = await train(initialCheckpoint(cfg), timed(two, m2, true));
    const same = Buffer.from(r1.model.weights.buffer).equals(Buffer.from(r2.model.weights.buffer));
    // Generations only (the last evaluate call is the final validation).
    const gens = (xs: number[]) => xs.slice(0, G);
    const t1 = gens(m1.serialNs).map((s, g) => s + m1.evalNs[g]);
    const perGen = two.profiles.slice(0, G).map((p, g) => {
      const units = p.unitCpuNs.reduce((a, b) => a + b, 0);
      const { makespan, startup } = makespanNs(p, 2);
      const ideal = startup + units / 2;
      const t2 = m2.serialNs[g] + m2.evalNs[g] + makespan;
      return { units, makespan, startup, tail: makespan - ideal, t2, workerCpu: p.workers.reduce((s, w) => s + (w.cpuNs ?? 0), 0), workerWait: p.workers.reduce((s, w) => s + (w.waitNs ?? 0), 0), wallEval: p.doneMs - p.postMs, skew: Math.abs(p.workers[0].endMs - (p.workers[1]?.endMs ?? p.workers[0].endMs)), unitCount: p.unitCpuNs.length, maxUnit: Math.max(...p.unitCpuNs) };
    });
    const T1 = mean(t1);
    const S2 = mean(gens(m2.serialNs));
    const E2 = mean(gens(m2.evalNs));
    const U = mean(perGen.map((x) => x.units));
    const T2 = mean(perGen.map((x) => x.t2));
    const steps = mean(gens(m1.coordinateSteps));
    const row = (what: string, v: string, note = '') => console.log(`| ${what} | ${v} | ${note} |`);
    console.log('CPU time per generation (ms, mean over the run):\n');
    console.log('| what | value | |\n|---|---:|---|');
    row('1 worker: main thread, whole generation', ms(T1), `serial part (outside evaluation) ${ms(mean(gens(m1.serialNs)))}`);
    row('2 workers: main thread outside evaluation (ask, tell, tasks, records, checkpoints)', ms(S2), `${((100 * S2) / T2).toFixed(1)} % of the predicted 2-worker generation`);
    row('2 workers: main thread inside evaluation (post job, collect scores)', ms(E2), '');
    row('2 workers: units, sum over both workers', ms(U), `${mean(perGen.map((x) => x.unitCount)).toFixed(0)} units, largest ${ms(mean(perGen.map((x) => x.maxUnit)))}`);
    row('2 workers: a worker call\'s start-up (engine, modules, job decode)', ms(mean(perGen.map((x) => x.startup))), 'per worker');
    row('2 workers: whole worker calls, both workers', ms(mean(perGen.map((x) => x.workerCpu))), '');
    row('2 idle cores: makespan of the units in claim order', ms(mean(perGen.map((x) => x.makespan))), `serial tail beyond an even split ${ms(mean(perGen.map((x) => x.tail)))}`);
    row('2 idle cores: predicted generation (serial + inside + makespan)', ms(T2), `workers idle ${((100 * (1 - U / (2 * T2))).toFixed(1))} % of it`);
    row('1 worker: other threads of the process (V8 GC, compiler, libuv)', ms(mean(gens(m1.processNs)) - T1), 'process CPU − main thread')
    row('2 workers: other threads of the process (V8 GC, compiler, libuv)', ms(mean(gens(m2.processNs)) - S2 - E2 - mean(perGen.map((x) => x.workerCpu))), 'process CPU − main − workers');
    console.log('');
    console.log(`predicted 2 ÷ 1 worker on 2 idle cores: **${(T1 / T2).toFixed(2)}×** generations/s (Amdahl bound with this serial part, no tail or start-up: ${(T1 / (mean(gens(m1.serialNs)) + (T1 - mean(gens(m1.serialNs))) / 2)).toFixed(2)}×)`);
    // With 1 worker V8's helper threads have the idle second core; with 2 they take it from the workers.
    const helpers2 = mean(gens(m2.processNs)) - S2 - E2 - mean(perGen.map((x) => x.workerCpu));
    console.log(`if V8's helper threads (2 workers) take their CPU from the workers: ${(T1 / (T2 + Math.max(0, helpers2) / 2)).toFixed(2)}×`);
    console.log(`coordinate-steps per generation ${(steps / 1e6).toFixed(2)} M → predicted ${(steps / (T1 / 1e9) / 1e6).toFixed(1)} M/s on 1 worker, ${(steps / (T2 / 1e9) / 1e6).toFixed(1)} M/s on 2`);
    const wall1 = mean(gens(m1.wallMs));
    const wall2 = mean(gens(m2.wallMs));
    console.log(`measured wall at this load: ${wall1.toFixed(1)} ms vs ${wall2.toFixed(1)} ms per generation (${(wall1 / wall2).toFixed(2)}×); main thread waited for a CPU ${((100 * mean(gens(m1.waitNs))) / 1e6 / wall1).toFixed(0)} % (1 worker) of the wall time, workers ${((100 * mean(perGen.map((x) => x.workerWait))) / (mean(perGen.map((x) => x.workerWait)) + mean(perGen.map((x) => x.workerCpu)))).toFixed(0)} % of their calls`);
    console.log(`load average at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}; same weights 1 vs 2 workers: ${same}`);
  } finally {
    await one.close();
    await two.close();
  }
}
