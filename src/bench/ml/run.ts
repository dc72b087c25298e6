// The benchmark's ML job: src/ml/job.ts's runMlJob with every benchmark task (taskTables.ts), for
// the benchmark's own callers and tests. The job types are src/ml/job.ts's.
import { type MlJob, type MlRunResult, runMlJobWith } from '../../ml/job.js';
import { benchMlTask } from './tasks.js';

export type { MlJob, MlJobOptimizer, MlRunResult } from '../../ml/job.js';

/** Runs one job (any benchmark task). */
export function runMlJob(job: MlJob): MlRunResult {
  return runMlJobWith(job, benchMlTask);
}
