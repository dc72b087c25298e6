// A training worker: scores the agents it is sent with the same evaluateAgents (and the same
// engine) as `o1 train`'s worker threads.
import { type EvalJob, evaluateAgents } from '../../src/train/evaluate.js';
import { loadPageEngine } from './engine.js';

const engine = loadPageEngine();

self.onmessage = async (e: MessageEvent<{ id: number; job: EvalJob }>) => {
  const { id, job } = e.data;
  try {
    const scores = evaluateAgents((await engine).engine, job);
    self.postMessage({ id, scores });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
