// o1/tfjs: o1 (and every rule of the step API) as TF.js optimizers. Needs @tensorflow/tfjs-core
// (an optional peer dependency of o1: only this entry point loads it).
export { O1Optimizer, StepOptimizer, type O1OptimizerOptions } from './stepOptimizer.js';
export { checkpointToTensors, checkpointFromTensors } from './checkpointTensors.js';
export { initWasm } from '../engine/index.js';
