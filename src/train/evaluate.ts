// Scoring optimizers on tasks. Pure computation over an Engine: it runs the same in the main
// thread, in a Node worker thread and in a browser Web Worker.
import type { BatchOptimizer, Engine } from '../engine/types.js';
import type { O1Config } from '../o1/config.js';
import { type FitnessKind, runScores } from './fitness.js';
import { type TaskSpec, taskFunction } from './tasks.js';
import { scoreMiniBatchRuns } from './miniBatch.js';
import { createO1Stepper } from '../o1/o1.js';

export interface EvalJob {
  config: O1Config;
  /** Each agent's flat network parameters. */
  agents: number[][];
  tasks: JobTasks;
  steps: number;
  fitness: FitnessKind;
  /** fitness 'horizons': the steps at which the gap is scored (each ≤ steps). */
  horizons?: number[];
}

/** A job's tasks: one list every agent runs (common random numbers) or one list per agent. */
export type JobTasks = { shared: TaskSpec[] } | { perAgent: TaskSpec[][] };

/** Agent a's tasks. */
export function agentTasks(job: EvalJob, a: number): TaskSpec[] {
  return 'shared' in job.tasks ? job.tasks.shared : job.tasks.perAgent[a];
}

/** scores[a][k] = mean score of agent a over the starts of its task k (lower is better). */
export function evaluateAgents(engine: Engine, job: EvalJob): number[][] {
  return job.agents.map((weights, a) => {
    const tasks = agentTasks(job, a);
    const optimizer: BatchOptimizer = { kind: 'o1', model: { config: job.config, weights: Float64Array.from(weights) } };
    return scoreOnTasks(engine, optimizer, tasks, job.steps, job.fitness, job.horizons);
  });
}

/** Mean score per task of any optimizer (o1 or a baseline) over each task's starts. */
export function scoreOnTasks(engine: Engine, optimizer: BatchOptimizer, tasks: TaskSpec[], steps: number, fitness: FitnessKind, horizons: number[] = []): number[] {
  return tasks.map((task) => {
    // A mini-batch task's gradient changes every step: it steps on the TS reference (miniBatch.ts).
    if (task.ml?.batchSize) return scoreMiniBatchRuns(task.ml, task.starts, () => stepperOf(optimizer), steps, fitness, horizons);
    const fn = taskFunction(task);
    const N = task.starts.length / task.n;
    const starts = Float64Array.from(task.starts);
    const result = engine.runBatch({ fn, n: task.n, optimizer, starts, steps, recordLoss: fitness !== 'final' });
    const f0 = new Float64Array(N);
    for (let r = 0; r < N; r++) f0[r] = fn.f(starts.subarray(r * task.n, (r + 1) * task.n));
    const s = runScores(fitness, N, steps, fn.fmin(task.n), f0, result.finalF, result.divergedAt, result.loss, horizons);
    let sum = 0;
    for (let r = 0; r < N; r++) sum += s[r];
    return sum / N;
  });
}

function stepperOf(optimizer: BatchOptimizer) {
  return optimizer.kind === 'o1' ? createO1Stepper(optimizer.model) : optimizer.spec.create(optimizer.hyper);
}
