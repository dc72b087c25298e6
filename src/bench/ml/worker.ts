// A worker thread of the ML benchmark's pool (piscina): runs the jobs it is sent, in order. The
// same runMlJob runs in the main thread when there is one worker.
import { type MlJob, type MlRunResult, runMlJob } from './run.js';

export default function run(jobs: MlJob[]): MlRunResult[] {
  return jobs.map(runMlJob);
}
