// A worker thread of the nets suite (nets.ts): runs the one training run it is sent.
import { runNetsJob, type NetsJob, type NetsRunResult } from './netsTrain.js';

export default function run(job: NetsJob): Promise<NetsRunResult> {
  return runNetsJob(job);
}
