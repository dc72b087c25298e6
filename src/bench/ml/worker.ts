// A worker thread of the ML benchmark's runner: the engine's ML kernel runner (engine/mlRunner.ts)
// with the benchmark's task lookup, so the workers know the real-data tasks too.
import type { MlRunResult } from '../../ml/job.js';
import { type MlChunkMessage, runMlJobsOn } from '../../engine/mlRunner.js';
import { benchMlTask } from './tasks.js';

export default function run(msg: MlChunkMessage): Promise<MlRunResult[]> {
  return runMlJobsOn(msg.engine, msg.jobs, benchMlTask);
}
