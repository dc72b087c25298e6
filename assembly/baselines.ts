// The baseline optimizers' dispatcher: one kernel file per rule in optimizers/ (mirroring
// src/optimizers/<rule>.ts, PyTorch's formulas in the TS operation order), chosen by the ids of
// the TS table (generated/abi.ts). Adding a rule: its file, one case in each switch below.
import {
  OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_ADAGRAD, OPT_RMSPROP, OPT_ADAM, OPT_ADAMW, OPT_NADAM, OPT_SGD_HD,
  OPT_ADAM_HD, OPT_DOG, OPT_DOG_AVG, OPT_RPROP, OPT_PRODIGY, OPT_ADAMW_SCHEDULEFREE, OPT_ADAMW_SCHEDULEFREE_PAPER,
  OPT_ADAMW_COSINE, OPT_MOMENTUM_COSINE, ADAMW_SCHEDULE_FREE_BUFFERS,
  ADAMW_SCHEDULE_FREE_SCALARS, SGD_BUFFERS, SGD_SCALARS, MOMENTUM_BUFFERS, MOMENTUM_SCALARS, RMSPROP_BUFFERS,
  RMSPROP_SCALARS, ADAM_BUFFERS, ADAM_SCALARS, NADAM_BUFFERS, NADAM_SCALARS, DOG_BUFFERS, DOG_SCALARS,
} from './generated/abi';
import { vload, vstore } from './lanes';
import { fillState } from './optimizers/block';
import { sgdStep } from './optimizers/sgd';
import { momentumStep } from './optimizers/momentum';
import { adagradInit, adagradStep } from './optimizers/adagrad';
import { rmspropStep } from './optimizers/rmsprop';
import { adamStep } from './optimizers/adam';
import { nadamStep } from './optimizers/nadam';
import { sgdHdInit, sgdHdStep } from './optimizers/sgdHd';
import { adamHdInit, adamHdStep } from './optimizers/adamHd';
import { dogEvalPoint, dogStep } from './optimizers/dog';
import { rpropInit, rpropStep } from './optimizers/rprop';
import { prodigyInit, prodigyStep } from './optimizers/prodigy';
import { adamwScheduleFreeEvalPoint, adamwScheduleFreeStep } from './optimizers/adamwScheduleFree';

/** True for the ids the switches below implement (the host checks the TS table against it). */
export function knownBaseline(id: i32): bool {
  switch (id) {
    case OPT_SGD: case OPT_MOMENTUM: case OPT_NESTEROV: case OPT_ADAGRAD: case OPT_RMSPROP: case OPT_ADAM:
    case OPT_ADAMW: case OPT_NADAM: case OPT_SGD_HD: case OPT_ADAM_HD: case OPT_DOG: case OPT_RPROP: case OPT_PRODIGY:
    case OPT_ADAMW_SCHEDULEFREE: case OPT_DOG_AVG: case OPT_ADAMW_SCHEDULEFREE_PAPER: case OPT_ADAMW_COSINE:
    case OPT_MOMENTUM_COSINE:
      return true;
    default:
      return false;
  }
}

/** The state of one lane group before step 0: zero, except where a rule starts elsewhere. */
export function baselineInit<T>(opt: i32, n: i32, stride: usize, state: usize, hyper: usize): void {
  switch (opt) {
    case OPT_SGD: fillState<T>(state, SGD_BUFFERS, SGD_SCALARS, n, stride, 0); break;
    case OPT_MOMENTUM: case OPT_NESTEROV: case OPT_MOMENTUM_COSINE: fillState<T>(state, MOMENTUM_BUFFERS, MOMENTUM_SCALARS, n, stride, 0); break;
    case OPT_ADAGRAD: adagradInit<T>(n, stride, state, hyper); break;
    case OPT_RMSPROP: fillState<T>(state, RMSPROP_BUFFERS, RMSPROP_SCALARS, n, stride, 0); break;
    case OPT_ADAM: case OPT_ADAMW: case OPT_ADAMW_COSINE: fillState<T>(state, ADAM_BUFFERS, ADAM_SCALARS, n, stride, 0); break;
    case OPT_NADAM: fillState<T>(state, NADAM_BUFFERS, NADAM_SCALARS, n, stride, 0); break;
    case OPT_SGD_HD: sgdHdInit<T>(n, stride, state, hyper); break;
    case OPT_ADAM_HD: adamHdInit<T>(n, stride, state, hyper); break;
    case OPT_DOG: case OPT_DOG_AVG: fillState<T>(state, DOG_BUFFERS, DOG_SCALARS, n, stride, 0); break;
    case OPT_RPROP: rpropInit<T>(n, stride, state, hyper); break;
    case OPT_PRODIGY: prodigyInit<T>(n, stride, state, hyper); break;
    case OPT_ADAMW_SCHEDULEFREE: case OPT_ADAMW_SCHEDULEFREE_PAPER:
      fillState<T>(state, ADAMW_SCHEDULE_FREE_BUFFERS, ADAMW_SCHEDULE_FREE_SCALARS, n, stride, 0);
      break;
    default: break;
  }
}

/** Step t (0-based) of rule `opt` for the lane group at x, g, state; the rules with one lr per
 *  run write it to lrOut (same layout as x) when it is not 0. */
export function baselineStep<T>(
  opt: i32, t: i32, n: i32, stride: usize, x: usize, g: usize, state: usize, hyper: usize, table: usize, lrOut: usize,
): void {
  switch (opt) {
    case OPT_SGD: sgdStep<T>(n, stride, x, g, hyper); break;
    case OPT_MOMENTUM: case OPT_NESTEROV: case OPT_MOMENTUM_COSINE: momentumStep<T>(t, n, stride, x, g, state, hyper, table, lrOut); break;
    case OPT_ADAGRAD: adagradStep<T>(t, n, stride, x, g, state, hyper); break;
    case OPT_RMSPROP: rmspropStep<T>(n, stride, x, g, state, hyper); break;
    case OPT_ADAM: case OPT_ADAMW: case OPT_ADAMW_COSINE: adamStep<T>(t, n, stride, x, g, state, hyper, table, lrOut); break;
    case OPT_NADAM: nadamStep<T>(t, n, stride, x, g, state, hyper, table); break;
    case OPT_SGD_HD: sgdHdStep<T>(t, n, stride, x, g, state, hyper, lrOut); break;
    case OPT_ADAM_HD: adamHdStep<T>(t, n, stride, x, g, state, hyper, table, lrOut); break;
    case OPT_DOG: case OPT_DOG_AVG: dogStep<T>(t, n, stride, x, g, state, hyper, lrOut); break;
    case OPT_RPROP: rpropStep<T>(n, stride, x, g, state, hyper); break;
    case OPT_PRODIGY: prodigyStep<T>(t, n, stride, x, g, state, hyper, table, lrOut); break;
    case OPT_ADAMW_SCHEDULEFREE: case OPT_ADAMW_SCHEDULEFREE_PAPER:
      adamwScheduleFreeStep<T>(t, n, stride, x, g, state, hyper, table, lrOut);
      break;
    default: break;
  }
}

/** True for the rules whose answer is not the iterate x (the TS stepper's evalPoint). */
export function baselineHasEvalPoint(opt: i32): bool {
  return opt == OPT_DOG_AVG || opt == OPT_ADAMW_SCHEDULEFREE || opt == OPT_ADAMW_SCHEDULEFREE_PAPER;
}

/** The answer of rule `opt` after t steps (src/optimizers' evalPoint) into out (x's layout); x
 *  itself for the rules without one. */
export function baselineEvalPoint<T>(opt: i32, t: i32, n: i32, stride: usize, x: usize, state: usize, hyper: usize, out: usize): void {
  switch (opt) {
    case OPT_DOG_AVG: dogEvalPoint<T>(t, n, stride, x, state, hyper, out); break;
    case OPT_ADAMW_SCHEDULEFREE: case OPT_ADAMW_SCHEDULEFREE_PAPER:
      adamwScheduleFreeEvalPoint<T>(t, n, stride, x, state, hyper, out);
      break;
    default:
      for (let i = 0; i < n; i++) vstore<T>(out + <usize>i * stride, vload<T>(x + <usize>i * stride));
      break;
  }
}
