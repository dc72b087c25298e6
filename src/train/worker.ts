// A worker thread of the training pool (piscina): loads its engine once, then scores the agents
// it is sent. The same evaluateAgents runs in the main thread and in browser Web Workers.
import { getEngine } from '../engine/index.js';
import type { EngineName } from '../engine/types.js';
import { type EvalJob, evaluateAgents } from './evaluate.js';
import type { TaskSpec } from './tasks.js';
import { loadTrainModules } from './userFunctions.js';

export default async function evaluate(msg: { engine: EngineName; job: EvalJob }): Promise<number[][]> {
  const engine = await getEngine(msg.engine);
  const tasks = (Array.isArray(msg.job.tasks[0]) ? msg.job.tasks.flat() : msg.job.tasks) as TaskSpec[];
  await loadTrainModules(tasks.map((t) => t.fn));
  return evaluateAgents(engine, msg.job);
}
