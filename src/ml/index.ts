// Real training losses as objectives (docs/ML.md): the task table, the datasets, the MLP.
export { ML_TASKS, getMlTask, mlTaskNames } from './tasks.js';
export type { MlObjective, MlTask, MlTaskKind } from './tasks.js';
export { gaussianBlobs, makeSplit, noisySine, sliceRows, twoMoons, twoSpirals } from './datasets.js';
export type { BlobOptions, DataSplit, Dataset, Generator } from './datasets.js';
export { MlpLoss, MlpShape, batchFromRows } from './mlp.js';
export type { Batch, LossKind } from './mlp.js';
