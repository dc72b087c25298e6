// The baseline optimizers' dispatcher, generated from the TS table (scripts/gen-kernel-constants.mjs
// → generated/baselines.ts): one kernel file per rule in optimizers/ (mirroring
// src/optimizers/<rule>.ts, PyTorch's formulas in the TS operation order), called by the ids of
// the table. Adding a rule needs its kernel file and its table entry, no case here.
export { knownBaseline, baselineInit, baselineStep, baselineHasEvalPoint, baselineEvalPoint } from './generated/baselines';
