// A worker thread of the ML kernel runner (mlRunner.ts): runs the chunk of jobs it is sent.
import type { MlJob, MlRunResult } from '../bench/ml/run.js';
import type { EngineName } from './types.js';
import { runMlJobsOn } from './mlRunner.js';

export default function run(task: { engine: EngineName; jobs: MlJob[] }): Promise<MlRunResult[]> {
  return runMlJobsOn(task.engine, task.jobs);
}
