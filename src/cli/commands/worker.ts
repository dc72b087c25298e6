// `o1 worker --queue URL`: evaluate training jobs from a Redis queue on this machine's cores, for
// `o1 train --queue URL` coordinators anywhere (docs/DISTRIBUTED.md). Runs until SIGINT/SIGTERM.
import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import type { CliIO } from '../io.js';
import { UsageError } from '../errors.js';
import { parseInteger, parseList } from '../parse.js';
import { QUEUE_PACKAGES, queueTarget } from '../../queue/target.js';
import { withOptionalPackages } from '../../util/optionalPackage.js';
import { fmt } from '../../util/table.js';
import { MAX_WORKERS } from '../../util/limits.js';

interface WorkerFlags {
  queue?: string | boolean;
  redisPasswordFile?: string;
  workers?: string;
  functions?: string;
  lockMs?: string;
  maxJobs?: string;
  json?: boolean;
  quiet?: boolean;
}

export function workerCommand(io: CliIO): Command {
  return new Command('worker')
    .description('evaluate `o1 train --queue` jobs from a Redis queue on this machine (see docs/DISTRIBUTED.md)')
    .option('--queue [url]', 'the queue: redis://HOST:PORT[/DB] or rediss:// (TLS); no URL: $O1_REDIS_URL')
    .option('--redis-password-file <file>', 'the Redis password, read from this file')
    .option('--workers <N>', 'worker threads (default: the number of cores)')
    .option('--functions <a.mjs,b.mjs>', 'user function modules present here (jobs name them by content hash)')
    .option('--lock-ms <ms>', "BullMQ job lock: a dead worker's job is re-queued after about this long (default 10000)")
    .option('--max-jobs <N>', 'stop after N jobs (default: run until SIGINT/SIGTERM)')
    .option('--json', 'one JSON object per job on stdout')
    .option('--quiet', 'no per-job lines')
    .action(async (f: WorkerFlags) => {
      if (f.queue === undefined) throw new UsageError('o1 worker needs --queue redis://HOST:PORT[/DB] (or --queue with $O1_REDIS_URL set)');
      const target = queueTarget(f.queue, f.redisPasswordFile);
      const threads = f.workers === undefined ? availableParallelism() : parseInteger('--workers', f.workers, 1, MAX_WORKERS);
      const lockMs = f.lockMs === undefined ? undefined : parseInteger('--lock-ms', f.lockMs, 100);
      const maxJobs = f.maxJobs === undefined ? undefined : parseInteger('--max-jobs', f.maxJobs, 1);
      let stop!: () => void;
      const stopped = new Promise<void>((r) => (stop = r));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const note = (message: string) => (f.json ? io.out(JSON.stringify({ notice: message }) + '\n') : io.err(`o1 worker: ${message}\n`));
      try {
        // BullMQ loads only when a worker runs (an optional peer dependency).
        const { runQueueWorker } = await withOptionalPackages('o1 worker', QUEUE_PACKAGES, () => import('../../queue/worker.js'));
        const r = await runQueueWorker(
          target,
          { threads, functions: f.functions === undefined ? [] : parseList(f.functions, '--functions'), ...(lockMs !== undefined ? { lockMs } : {}), ...(maxJobs !== undefined ? { maxJobs } : {}) },
          {
            stop: stopped,
            onNotice: note,
            onReady: () => (f.json ? io.out(JSON.stringify({ ready: true, threads, queue: target.label }) + '\n') : !f.quiet && io.err(`o1 worker: ${threads} thread(s), queue ${target.label}\n`)),
            onJob: (e) => {
              if (f.json) io.out(JSON.stringify(e) + '\n');
              else if (!f.quiet) io.out(`job ${e.job}: round ${e.round} part ${e.part}, ${e.agents} agent(s) in ${fmt(e.seconds)} s (${e.jobsDone} done)\n`);
            },
          },
        );
        if (r.refused) throw new UsageError(`refused a job: ${r.refused}`);
        // BullMQ may hold reconnect timers when Redis is away; a stopped worker exits regardless.
        setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
