// Training on the Redis job queue (BullMQ): a coordinator and worker processes give the model of
// a local run byte for byte — also when a worker is SIGKILLed mid-job, when the coordinator is
// SIGKILLed and resumed, and when Redis restarts (losing every job) mid-run. Bad URLs, refused
// connections and wrong passwords are one clear error, exit 2. Each test starts its own
// redis-server on 127.0.0.1 (test/helpers/redisServer.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { makeTrainConfig } from '../src/train/config.js';
import { initialCheckpoint, train } from '../src/train/train.js';
import { inProcessEvaluator } from '../src/train/pool.js';
import { loadModel } from '../src/model/io.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { QUEUE_NAME, buildMismatch, BUILD, encodeJob } from '../src/queue/protocol.js';
import { queueTarget } from '../src/queue/target.js';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';
import { type RedisServer, freePort, hasRedisServer, startRedis } from './helpers/redisServer.js';

const bin = join(PACKAGE_ROOT, 'bin', 'o1.js');
if (!hasRedisServer && process.env.O1_REQUIRE_REDIS) throw new Error('redis-server is not installed but O1_REQUIRE_REDIS is set (CI must run the queue tests)');
if (!hasRedisServer) console.warn('test/queue.test.ts: redis-server not found — skipping the queue tests (apt-get install redis-server)');

// Jobs of ~0.1 s each (so a worker can be caught mid-job), a handful of generations.
const SETTINGS = { generations: 5, population: 8, starts: 24, steps: 600, functions: ['rosenbrock', 'himmelblau'], seed: 7, checkpointEvery: 1 };
const trainArgs = (out: string, extra: string[] = []) => [
  bin, 'train', '--generations', String(SETTINGS.generations), '--population', String(SETTINGS.population), '--starts', String(SETTINGS.starts),
  '--steps', String(SETTINGS.steps), '--functions', SETTINGS.functions.join(','), '--seed', String(SETTINGS.seed), '--checkpoint-every', '1',
  '--out', out, '--json', ...extra,
];

interface Proc {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
  /** Resolves when a stdout line satisfies `pred`. */
  waitFor(pred: (line: string) => boolean): Promise<string>;
}

function run(args: string[]): Proc {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, O1_REDIS_URL: '' } });
  const lines: string[] = [];
  const waiters: { pred: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let err = '';
  let buf = '';
  child.stdout!.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) if (w.pred(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  });
  child.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    lines,
    stderr: () => err,
    exit,
    waitFor: (pred) => {
      const hit = lines.find(pred);
      return hit !== undefined ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
}

const startWorkers = (url: string, n: number) => Array.from({ length: n }, () => run([bin, 'worker', '--queue', url, '--workers', '1', '--lock-ms', '1000', '--json']));

async function stopAll(procs: Proc[]) {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => p.exit));
}

const hex = (w: Float64Array) => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('hex');
const generationOf = (line: string) => (line.startsWith('{"generation"') ? JSON.parse(line).generation : -1);

describe.skipIf(!hasRedisServer)('o1 train --queue (BullMQ on redis-server)', () => {
  let redis: RedisServer;
  let local: string;
  const base = mkdtempSync(join(tmpdir(), 'o1-queue-'));

  beforeAll(async () => {
    redis = await startRedis();
    const r = await train(initialCheckpoint(makeTrainConfig(SETTINGS, 'test')), await inProcessEvaluator('wasm'));
    local = hex(r.model.weights);
  }, 300_000);
  afterAll(async () => redis?.stop());

  it('1 coordinator + 3 worker processes = the local run, byte for byte', async () => {
    const workers = startWorkers(redis.url, 3);
    try {
      const out = join(base, 'three');
      const coord = run(trainArgs(out, ['--queue', redis.url]));
      expect(await coord.exit, coord.stderr()).toBe(0);
      expect(hex(loadModel(join(out, 'model.json')).weights)).toBe(local);
      const last = JSON.parse(coord.lines.filter((l) => l.startsWith('{"generation"')).at(-1)!);
      expect(last.queue.jobs).toBeGreaterThanOrEqual(SETTINGS.generations);
      expect(last.queue.inFlight).toBe(0);
    } finally {
      await stopAll(workers);
    }
    // Every worker logged one JSON line per job and stopped cleanly on SIGTERM.
    for (const w of workers) expect(await w.exit).toBe(0);
    const jobLines = workers.flatMap((w) => w.lines.filter((l) => l.startsWith('{"job"')));
    expect(jobLines.length).toBeGreaterThanOrEqual(SETTINGS.generations);
  }, 300_000);

  it('a worker SIGKILLed mid-job: the job is re-run elsewhere and the model is unchanged', async () => {
    const workers = startWorkers(redis.url, 3);
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const out = join(base, 'kill-worker');
      const coord = run(trainArgs(out, ['--queue', redis.url]));
      // Kill the first worker seen holding an active job.
      let killed = false;
      while (!killed && coord.child.exitCode === null) {
        for (const job of await queue.getActive()) {
          const victim = workers.find((w) => job.processedBy?.includes(`-${w.child.pid}-`));
          if (victim) {
            victim.child.kill('SIGKILL');
            killed = true;
            break;
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(killed, 'no worker was caught mid-job').toBe(true);
      expect(await coord.exit, coord.stderr()).toBe(0);
      expect(hex(loadModel(join(out, 'model.json')).weights)).toBe(local);
      const last = JSON.parse(coord.lines.filter((l) => l.startsWith('{"generation"')).at(-1)!);
      expect(last.queue.retries).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.close();
      await stopAll(workers);
    }
  }, 300_000);

  it('the coordinator SIGKILLed: --resume from its checkpoint ends with the same model, leftovers removed', async () => {
    const workers = startWorkers(redis.url, 2);
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const out = join(base, 'kill-coordinator');
      const first = run(trainArgs(out, ['--queue', redis.url]));
      // Generations are numbered from 1; the checkpoint of generation 1 is on disk once line 2 is out.
      await first.waitFor((l) => generationOf(l) >= 2);
      first.child.kill('SIGKILL');
      await first.exit;
      const resumed = run([bin, 'train', '--resume', join(out, 'checkpoint.json'), '--json', '--queue', redis.url]);
      expect(await resumed.exit, resumed.stderr()).toBe(0);
      expect(hex(loadModel(join(out, 'model.json')).weights)).toBe(local);
      expect(await queue.getWaitingCount()).toBe(0);
    } finally {
      await queue.close();
      await stopAll(workers);
    }
  }, 300_000);

  it('Redis restarted mid-run (every job lost): coordinator and workers reconnect and the model is unchanged', async () => {
    const workers = startWorkers(redis.url, 2);
    try {
      const out = join(base, 'restart');
      const coord = run(trainArgs(out, ['--queue', redis.url]));
      await coord.waitFor((l) => generationOf(l) >= 2);
      await redis.restart(500);
      expect(await coord.exit, coord.stderr()).toBe(0);
      expect(hex(loadModel(join(out, 'model.json')).weights)).toBe(local);
    } finally {
      await stopAll(workers);
    }
  }, 300_000);

  it('a worker of another o1 build refuses the job with a clear message (exit 2) and leaves it queued', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const foreign = { ...BUILD, o1: '0.0.0-other' };
      const job = { config: {}, agents: [[0]], tasks: [], steps: 1, fitness: 'final' } as never;
      await queue.add('eval', { build: foreign, run: 'foreign', session: 's', round: 0, part: 0, agents: 1, engine: 'wasm', modules: [], payload: encodeJob(job) }, { jobId: 'foreign-0', attempts: 5 });
      const w = run([bin, 'worker', '--queue', redis.url, '--workers', '1', '--lock-ms', '1000']);
      expect(await w.exit).toBe(2);
      expect(w.stderr()).toMatch(/refused a job: the coordinator runs o1 0\.0\.0-other .*install the same o1 version/);
      expect(w.stderr()).not.toMatch(/\n\s+at /);
      expect(['waiting', 'wait', 'prioritized', 'delayed']).toContain(await (await queue.getJob('foreign-0'))!.getState());
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 300_000);
});

describe('queue URLs and connection errors: one clear line, exit 2', () => {
  // In-process (the CLI's main with captured output): the same code path as `o1 …`, without
  // paying a node start-up per case on a loaded machine.
  const expectClear = async (args: string[], pattern: RegExp, env: Record<string, string> = {}) => {
    const saved = process.env.O1_REDIS_URL;
    process.env.O1_REDIS_URL = env.O1_REDIS_URL ?? '';
    const io = bufferIO();
    let code: number;
    try {
      code = await main(args, io);
    } finally {
      if (saved === undefined) delete process.env.O1_REDIS_URL;
      else process.env.O1_REDIS_URL = saved;
    }
    expect(code, io.stderr).toBe(2);
    expect(io.stderr).toMatch(pattern);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(io.stderr).not.toMatch(/\n\s+at /);
    return io.stderr;
  };

  it('a bad URL', async () => {
    await expectClear(['train', '--queue', 'http://127.0.0.1:1', '--generations', '1'], /scheme 'http:' is not supported \(use redis:\/\/ or rediss:\/\/ for TLS\)/);
    await expectClear(['worker', '--queue', 'redis://h:1/x'], /database 'x' must be a number/);
    await expectClear(['worker', '--queue'], /give a redis:\/\/HOST:PORT\[\/DB\] URL, or set \$O1_REDIS_URL/);
    await expectClear(['worker'], /o1 worker needs --queue/);
  });

  it('a refused connection', async () => {
    const port = await freePort();
    await expectClear(['train', '--queue', `redis://127.0.0.1:${port}`, '--generations', '1', '--out', join(mkdtempSync(join(tmpdir(), 'o1-q-')), 'run')], /connection refused/);
    await expectClear(['worker', '--queue', `redis://127.0.0.1:${port}`], /connection refused/);
  });

  it.skipIf(!hasRedisServer)('a wrong password (from a file or $O1_REDIS_URL), never printed', async () => {
    const redis = await startRedis({ password: 'right-secret' });
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'o1-pw-')), 'pw');
      writeFileSync(file, 'wrong-secret\n');
      const err = await expectClear(['worker', '--queue', redis.url, '--redis-password-file', file], /wrong password/);
      expect(err).not.toContain('secret');
      const err2 = await expectClear(['train', '--queue', '--generations', '1', '--out', join(mkdtempSync(join(tmpdir(), 'o1-q-')), 'run')], /wrong password/, { O1_REDIS_URL: `redis://:wrong-secret@127.0.0.1:${redis.port}` });
      expect(err2).not.toContain('secret');
      await expectClear(['worker', '--queue', redis.url], /asks for a password/);
    } finally {
      await redis.stop();
    }
  });

  it('target: db, TLS and credentials parsed; the label never shows the password', () => {
    const t = queueTarget('rediss://user:p%40ss@example.org:6380/3');
    expect(t).toMatchObject({ host: 'example.org', port: 6380, db: 3, username: 'user', password: 'p@ss', tls: true, label: 'rediss://example.org:6380/3' });
    expect(queueTarget(undefined, undefined, { O1_REDIS_URL: 'redis://10.0.0.2' })).toMatchObject({ host: '10.0.0.2', port: 6379, db: 0, tls: false });
    expect(buildMismatch(BUILD)).toBeUndefined();
    expect(buildMismatch({ ...BUILD, abi: BUILD.abi + 1 })).toMatch(/kernel ABI/);
  });
});
