// o1/tfjs: o1 (and every rule of the step API) as TF.js optimizers. Needs @tensorflow/tfjs-core
// (an optional peer dependency of o1: only this entry point loads it).
export { HOST_BACKENDS, O1Optimizer, StepOptimizer, type O1OptimizerOptions, type O1Path } from './stepOptimizer.js';
export { checkpointToTensors, checkpointFromTensors } from './checkpointTensors.js';
export { DeviceO1, deviceSupportsModel } from './deviceO1.js';
export { initWasm } from '../engine/index.js';
