// Every table of ML tasks the benchmark runs, by suite, and the lookup by name that the job
// runners use (bench/ml/tasks.ts benchMlTask, in the main thread and in the workers): a new table is one entry here.
import { ML_TASKS, getMlTask, type MlTask } from '../ml/tasks.js';
import { MINIBATCH_TASKS, getMinibatchVariant } from '../problems/mlMinibatch.js';
import { PREREGISTERED_TASKS, getPreregisteredTask } from './preregisteredTasks.js';
import { PREREGISTERED2_TASKS, getPreregistered2Task } from './preregistered2Tasks.js';
import { REAL_TASKS, getRealTask } from './realData.js';

export type MlSuiteName = 'ml' | 'real' | 'preregistered' | 'preregistered-2' | 'preregistered-3' | 'ml-minibatch';

/** The tasks of an ML suite. */
export function mlSuiteTasks(suite: MlSuiteName): readonly MlTask[] {
  return { ml: ML_TASKS, real: REAL_TASKS, preregistered: PREREGISTERED_TASKS, 'preregistered-2': PREREGISTERED2_TASKS, 'preregistered-3': PREREGISTERED2_TASKS, 'ml-minibatch': MINIBATCH_TASKS }[suite];
}

/** Any benchmark ML task by name. */
export function benchTask(name: string): MlTask | undefined {
  return getMlTask(name) ?? getRealTask(name) ?? getPreregisteredTask(name) ?? getPreregistered2Task(name) ?? getMinibatchVariant(name);
}
