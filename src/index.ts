// The library API: everything a CLI command can do is reachable from here.
export { Rng, deriveSeed } from './rng.js';
export { InputError } from './errors.js';
export type { TestFunction, Box } from './functions/types.js';
export { FUNCTIONS, getFunction, functionNames } from './functions/index.js';
export type { OptimizerSpec, OptimizerInfo, LearnedOptimizerSpec, HyperParam, Hyper, Stepper, OptState } from './optimizers/types.js';
export {
  OPTIMIZERS, ALL_OPTIMIZERS, getOptimizer, findOptimizer, resolveHyper, configureOptimizer, createStepper, type AnyOptimizerSpec, type ConfiguredOptimizer,
} from './optimizers/index.js';
export { type O1Config, type WindowO1Config, type NormalizedO1Config, DEFAULT_O1_CONFIG, defaultO1Config, validateConfig } from './o1/config.js';
export { type O1Model, o1Spec, createO1Stepper, randomO1Model } from './o1/o1.js';
export { computeFeatures } from './o1/features.js';
export { forward, initParams, paramCount, mutate } from './o1/network.js';
export { loadModel, saveModel, parseModel, serializeModel } from './model/io.js';
export { ModelFileError } from './model/format.js';
export { resolveModel, modelIds } from './model/resolve.js';
export { type Objective, objectiveFromFunction, objectiveFromUser } from './run/objective.js';
export { loadObjectiveModule } from './run/objectiveModule.js';
export { minimize, type Trajectory } from './run/minimize.js';
export { type Engine, type EngineName, type BatchSpec, type BatchResult, getEngine, initWasm, getEngineSync, loadWasmEngine, tsEngine } from './engine/index.js';
export { type TrainConfig, DEFAULT_TRAIN_CONFIG, makeTrainConfig } from './train/config.js';
export { type Checkpoint, type TrainResult, initialCheckpoint, train } from './train/train.js';
export { inProcessEvaluator, threadEvaluator, type Evaluator } from './train/pool.js';
export { STRATEGIES, getStrategy } from './train/strategies/index.js';
export { PRESETS } from './train/presets.js';
export { ML_TASKS, getMlTask } from './ml/tasks.js';
export { type BenchOptions, type BenchResult, runBench, benchJson } from './bench/runBench.js';
export { type MlBenchOptions, type MlBenchResult, runMlBench, mlJson } from './bench/ml.js';
export {
  type BenchmarkOptions, type BenchmarkResult, type HorizonsResult, runBenchmark, runHorizons, benchmarkJson, benchmarkText,
  horizonsJson, horizonsText, writeBenchmarkReport, writeHorizonsReport,
} from './bench/benchmark.js';
export { runPreregistered, type PreregisteredResult } from './bench/preregisteredSuite.js';
export { runPreregistered2, preregistered2Json, preregistered2Text, writePreregistered2Report, type Preregistered2Result, runPreregisteredSplit, preregisteredSplitJson, preregisteredSplitText, writePreregisteredSplitReport, SPLITS, type PreregisteredSplitResult } from './bench/preregisteredSplitSuite.js';
export { runStartScale, startScaleJson, startScaleText, writeStartScaleReport, type StartScaleResult } from './bench/startScale.js';
export { runMlHorizons } from './bench/mlLong.js';
export { DEFAULT_BASELINES, type Contender, type Comparison, type LrSelection, type GroupLrSelection, type SuiteSummaryRow } from './bench/protocol.js';
export { runSuite, type SuiteSpec, type SuiteRun, type CommonSettings, type CommonTiming } from './bench/suiteRun.js';
export { writeReportFiles, type ReportSection, type PlotFile } from './bench/reportFiles.js';
export {
  createO1Optimizer, createOptimizer, checkpointToJson, checkpointFromJson, kernelsSupportModel,
  type TrainingOptimizer, type O1OptimizerOptions, type OptimizerCheckpoint, type CheckpointJson, type FloatArray,
} from './api/index.js';
