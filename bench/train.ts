// Meta-training throughput: generations/s of one `o1 train` config on 1 vs 2 local worker
// threads, and (with redis-server installed) on the job queue with 2 `o1 worker` processes, plus
// the coordinator's ceiling in jobs/s with many tiny jobs. Variants are interleaved round by round
// in one process, so they see the same machine load; the table gives the median and the range.
//
//   npm run bench:train                         default `o1 train` config, 5 rounds
//   npm run bench:train -- --rounds 3 --generations 30 --preset generalist --no-queue
//   npm run bench:train -- --profile --generations 20       where 2 workers' time goes, in CPU time
//   npm run bench:train -- --profile --set mlTasks=6 --set 'functions=["rosenbrock"]'   an ML-task run
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TRAIN_CONFIG, makeTrainConfig, type TrainConfig } from '../src/train/config.js';
import { PRESETS } from '../src/train/presets.js';
import { initialCheckpoint, train } from '../src/train/train.js';
import { type Evaluator, threadEvaluator } from '../src/train/pool.js';
import { profileTraining } from './trainProfile.js';
import { queueEvaluator } from '../src/queue/coordinator.js';
import { queueTarget } from '../src/queue/target.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { hasRedisServer, startRedis } from '../test/helpers/redisServer.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const rounds = Number(opt('--rounds', '5'));
const preset = argv.includes('--preset') ? opt('--preset', '') : undefined;
const base = preset ? makeTrainConfig(PRESETS[preset].settings as Record<string, unknown>, preset) : (DEFAULT_TRAIN_CONFIG as TrainConfig);
// --set KEY=JSON (repeatable): any training setting, e.g. --set mlTasks=6.
const sets = Object.fromEntries(argv.flatMap((a, i) => (a === '--set' ? [argv[i + 1]] : [])).map((kv) => [kv.slice(0, kv.indexOf('=')), JSON.parse(kv.slice(kv.indexOf('=') + 1))]));
const cfg = makeTrainConfig({ ...sets, generations: Number(opt('--generations', String(sets.generations ?? base.generations))) }, 'bench', base);
const label = (preset ?? 'default') + (Object.keys(sets).length ? ` + ${JSON.stringify(sets)}` : '');
const withQueue = hasRedisServer && !argv.includes('--no-queue');

/** Generations/s (wall) and CPU ms per generation of this process, all its threads (the queue's
 *  worker processes are not in it). */
async function gensPerSec(ev: Evaluator): Promise<{ rate: number; cpuMs: number; serialMs: number; weights: string }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let evalMs = 0;
  const timed: Evaluator = {
    workers: ev.workers,
    evaluate: async (job) => {
      const e0 = performance.now();
      const out = await ev.evaluate(job);
      evalMs += performance.now() - e0;
      return out;
    },
    close: () => ev.close(),
  };
  const r = await train(initialCheckpoint(cfg), timed);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return {
    rate: cfg.generations / (ms / 1000),
    cpuMs: (c.user + c.system) / 1000 / cfg.generations,
    serialMs: (ms - evalMs) / cfg.generations,
    weights: Buffer.from(r.model.weights.buffer).toString('hex'),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const row = (name: string, xs: number[], unit: string) => `| ${name} | ${median(xs).toFixed(2)} | ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} | ${unit} |`;

const bin = join(PACKAGE_ROOT, 'bin', 'o1.js');
const startWorkers = (url: string, n: number): ChildProcess[] =>
  Array.from({ length: n }, () => spawn(process.execPath, [bin, 'worker', '--queue', url, '--workers', '1', '--quiet'], { stdio: 'ignore' }));

async function main() {
  console.log(`# bench:train — ${label} config, ${cfg.generations} generations × ${cfg.population} candidates, ${rounds} rounds`);
  console.log(`node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
  const one = await threadEvaluator(cfg.engine, 1);
  const two = await threadEvaluator(cfg.engine, 2);
  const redis = withQueue ? await startRedis() : undefined;
  const workers = redis ? startWorkers(redis.url, 2) : [];
  const queued = redis ? await queueEvaluator(queueTarget(redis.url), { run: 'bench', engine: cfg.engine }) : undefined;
  const rates: Record<string, number[]> = { one: [], two: [], queue: [], cpuOne: [], cpuTwo: [], serialTwo: [] };
  const ratios: number[] = [];
  const overhead: number[] = [];
  const weights = new Set<string>();
  try {
    // Warm-up (JIT, WASM tiers, worker start-up) is not measured.
    await train(initialCheckpoint(makeTrainConfig({ generations: 3 }, 'warm', cfg)), two);
    if (queued) await train(initialCheckpoint(makeTrainConfig({ generations: 3 }, 'warm', cfg)), queued);
    for (let r = 0; r < rounds; r++) {
      const a = await gensPerSec(one);
      const b = await gensPerSec(two);
      const c = queued ? await gensPerSec(queued) : undefined;
      rates.one.push(a.rate);
      rates.two.push(b.rate);
      rates.cpuOne.push(a.cpuMs);
      rates.cpuTwo.push(b.cpuMs);
      rates.serialTwo.push(b.serialMs);
      ratios.push(b.rate / a.rate);
      weights.add(a.weights).add(b.weights);
      if (c) {
        rates.queue.push(c.rate);
        overhead.push(b.rate / c.rate);
        weights.add(c.weights);
      }
      process.stderr.write(`round ${r + 1}/${rounds}: 1 worker ${a.rate.toFixed(2)}, 2 workers ${b.rate.toFixed(2)}${c ? `, queue ${c.rate.toFixed(2)}` : ''} generations/s\n`);
    }
    console.log('| run | median | range | |\n|---|---:|---:|---|');
    console.log(row('1 worker (in-process)', rates.one, 'generations/s'));
    console.log(row('2 worker threads', rates.two, 'generations/s'));
    console.log(row('2 workers ÷ 1 worker (paired)', ratios, '×'));
    console.log(row('CPU per generation, 1 worker', rates.cpuOne, 'ms'));
    console.log(row('CPU per generation, 2 worker threads (all threads)', rates.cpuTwo, 'ms'));
    console.log(row('main thread outside evaluation per generation (ask, tell, task draws), 2 threads', rates.serialTwo, 'ms'));
    if (queued) {
      console.log(row('queue, 2 `o1 worker` processes × 1 thread', rates.queue, 'generations/s'));
      console.log(row('local 2 threads ÷ queue (paired)', overhead, '×'));
    }
    console.log(`\nweights identical across all runs: ${weights.size === 1}`);
    if (queued && redis) {
      // The coordinator's ceiling: one agent per job, almost no work per job.
      const tiny = makeTrainConfig({ generations: 5, population: 200, starts: 1, steps: 1, functions: ['rosenbrock'] }, 'tiny', cfg);
      const ev = await queueEvaluator(queueTarget(redis.url), { run: 'bench-tiny', engine: cfg.engine, jobMs: 1e-6 });
      await train(initialCheckpoint(makeTrainConfig({ generations: 1 }, 'warm', tiny)), ev);
      const jobs0 = ev.stats().jobs;
      const t0 = performance.now();
      await train(initialCheckpoint(tiny), ev);
      const s = (performance.now() - t0) / 1000;
      const jobs = ev.stats().jobs - jobs0;
      console.log(`coordinator ceiling: ${jobs} one-agent jobs in ${s.toFixed(2)} s = ${(jobs / s).toFixed(0)} jobs/s (${((s / jobs) * 1000).toFixed(2)} ms per job, 2 worker processes)`);
      await ev.close();
    }
  } finally {
    await one.close();
    await two.close();
    await queued?.close();
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(0) : w.once('exit', r)))));
    await redis?.stop();
  }
}

await (argv.includes('--profile') ? profileTraining(cfg, label) : main());
