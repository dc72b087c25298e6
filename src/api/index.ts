// The step API (src/api): optimizers for any JS training loop, and their checkpoints.
export { createO1Optimizer, createOptimizer, type TrainingOptimizer, type O1OptimizerOptions, type EngineChoice } from './optimizer.js';
export { checkpointToJson, checkpointFromJson, type OptimizerCheckpoint, type CheckpointJson } from './state.js';
export { kernelsSupportModel, DEFAULT_MAX_CHUNK_BYTES } from './wasmO1.js';
export type { FloatArray } from './tensors.js';
