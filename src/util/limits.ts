// The largest sizes and counts o1 accepts, checked before anything is allocated (the CLI's flags,
// a training config, a module's dims). Each is far above any real use and far below what would
// exhaust memory or wrap a 32-bit count; a value over one is refused with the limit named.

/** Steps of one run: the kernels count steps in an i32, and a baseline's per-step table (bias
 *  corrections, schedules) is 8 bytes a step inside the engine's 256 MB arena. */
export const MAX_STEPS = 10_000_000;
/** Seeds are 32-bit (src/rng.ts mixes seed | 0): a larger one would silently wrap. */
export const MIN_SEED = -(2 ** 31);
export const MAX_SEED = 2 ** 31 - 1;
/** Dimension of one run (a vector of 10^6 doubles is 8 MB; x, ∇f and optimizer state are a few). */
export const MAX_DIMS = 1_000_000;
/** Candidates per training generation. */
export const MAX_POPULATION = 10_000;
/** Start points per function (training, bench evaluation and tuning). */
export const MAX_STARTS = 100_000;
/** Training generations. */
export const MAX_GENERATIONS = 1_000_000;
/** Worker threads. */
export const MAX_WORKERS = 256;
/** Bootstrap resamples per confidence interval. */
export const MAX_BOOTSTRAP = 1_000_000;
/** Hidden units of a trained network (the model format allows layers up to 4096, see o1/config.ts). */
export const MAX_HIDDEN = 4096;
/** CMA-ES keeps a full covariance matrix over the network's weights (n² doubles, an n³
 *  eigendecomposition per update): beyond this many weights it would take gigabytes and hours. */
export const MAX_CMAES_WEIGHTS = 2_000;
/** Run-steps × dimension kept in memory for a whole recorded trajectory (`o1 run --json`). */
export const MAX_TRACE_VALUES = 2_000_000;

/** The problem when `value` exceeds `max`, for a message naming what and the limit. */
export function overLimit(what: string, value: number, max: number): string | undefined {
  return value > max ? `${what} ${value} is over the limit of ${max.toLocaleString('en-US')}` : undefined;
}
