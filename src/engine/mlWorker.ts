// A worker thread of the ML kernel runner (mlRunner.ts): runs the chunk of jobs it is sent (the
// ML tasks; a caller with tasks of its own gives the runner its own worker module).
import type { MlRunResult } from '../ml/job.js';
import { type MlChunkMessage, runMlJobsOn } from './mlRunner.js';

export default function run(msg: MlChunkMessage): Promise<MlRunResult[]> {
  return runMlJobsOn(msg.engine, msg.jobs);
}
