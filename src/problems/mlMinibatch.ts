// The mini-batch ML tasks (`o1 bench --suite ml-minibatch`): every full-batch task of the `ml`
// suite trained by mini-batches of MINIBATCH_SIZE (seeded epoch shuffles, as moons-mlp-sgd), named
// `<task>-sgd`, plus moons-mlp-sgd itself. f(x) stays the full-batch training loss (what is judged);
// the optimizer sees the batch losses. Same model, data, loss and instances as the full-batch
// task; its targetLoss (steps to target only) is the full-batch task's, so "reached" says how
// often mini-batch training gets as low as tuned full-batch Adam does in 200–500 steps.
// Evaluation only (heldout.ts refuses the names in training).
import { ML_TASKS, getMlTask, task, taskConfig, type MlTask } from '../ml/tasks.js';

export const ML_MINIBATCH_SUITE = 'ml-minibatch';
export const MINIBATCH_SIZE = 32;

function minibatchOf(t: MlTask): MlTask {
  const c = taskConfig(t)!;
  return task({ ...c, name: `${c.name}-sgd`, description: `${c.name} trained by mini-batches of ${MINIBATCH_SIZE} (seeded epoch shuffles); f(x) is the full-batch loss`, batchSize: MINIBATCH_SIZE });
}

/** The new mini-batch variants (the ones the `ml` suite does not have). */
export const MINIBATCH_VARIANTS: readonly MlTask[] = ML_TASKS.filter((t) => !t.stochastic && !getMlTask(`${t.name}-sgd`)).map(minibatchOf);

/** The suite's tasks: every stochastic task of the ml suite, then the variants. */
export const MINIBATCH_TASKS: readonly MlTask[] = [...ML_TASKS.filter((t) => t.stochastic), ...MINIBATCH_VARIANTS];

export function getMinibatchVariant(name: string): MlTask | undefined {
  return MINIBATCH_VARIANTS.find((t) => t.name === name.trim().toLowerCase());
}
