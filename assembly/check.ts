// The batch descriptor, checked before a batch runs: a host that writes a bad one (a stale
// build, a bug) gets an Error naming the slot — through the `abort` import that
// @assemblyscript/loader turns into a JS Error with message, file and line — instead of a
// silently wrong or empty result.
import { field, D_FN, D_DIM, D_RUNS, D_STEPS, D_OPT, OPT_O1, FN_ML, D_ML } from './memory';
import { knownFunction } from './generated/functions';
import { knownBaseline } from './baselines';
import { lanesOf } from './lanes';

export function checkDescriptor<T>(d: usize): void {
  const runs = field(d, D_RUNS);
  if (runs < 0 || runs % lanesOf<T>() != 0) throw new Error('bad descriptor: D_RUNS must be a multiple of lanes() and not negative');
  if (field(d, D_DIM) < 1) throw new Error('bad descriptor: D_DIM must be at least 1');
  if (field(d, D_STEPS) < 0) throw new Error('bad descriptor: D_STEPS must not be negative');
  const fn = field(d, D_FN);
  if (fn == FN_ML && field(d, D_ML) == 0) throw new Error('bad descriptor: D_FN is FN_ML but D_ML holds no ML block');
  if (fn != FN_ML && !knownFunction(fn)) throw new Error('bad descriptor: D_FN is not a function id these kernels know');
  const opt = field(d, D_OPT);
  if (opt != OPT_O1 && !knownBaseline(opt)) throw new Error('bad descriptor: D_OPT is not an optimizer id these kernels know');
}
