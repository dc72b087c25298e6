// A worker thread of the training pool (piscina): loads its engine once, then scores the agents
// it is sent. The same evaluateAgents runs in the main thread and in browser Web Workers.
import { getEngine } from '../engine/index.js';
import type { EngineName } from '../engine/types.js';
import { type EvalJob, evaluateAgents } from './evaluate.js';

export default async function evaluate(msg: { engine: EngineName; job: EvalJob }): Promise<number[][]> {
  const engine = await getEngine(msg.engine);
  return evaluateAgents(engine, msg.job);
}
