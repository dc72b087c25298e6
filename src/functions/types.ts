// The shape of a test function: one entry of the table that every front end reads
// (CLI listings, the WASM kernels' dispatch, the benchmark, the web demo).

export type Vec = ArrayLike<number>;
export type MutVec = { [i: number]: number; readonly length: number };

export interface Box {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
}

/** How the WASM kernels compute a function that is not itself a registry entry: the id of the
 *  kernel (assembly/functions.ts) and the parameter block it reads, in n dimensions. */
export interface FunctionKernel {
  readonly id: number;
  params(n: number): Float64Array;
}

/** 'builtin': a registry function or an instance of a family the kernels know (the default);
 *  'transformed': the problem generator's view of a base function (src/train/problems.ts);
 *  'user': the user's own objective, which only the TS reference runs;
 *  'ml': an MLP training loss (src/ml/problem.ts), run by the ML kernel. */
export type FunctionKind = 'builtin' | 'transformed' | 'user' | 'ml';

export interface TestFunction {
  /** Lower-case identifier used on the command line, e.g. "rosenbrock". */
  readonly name: string;
  /** Stable integer id, used to dispatch in the WASM kernels. Never reused. */
  readonly id: number;
  /** What kind of function this is (absent: 'builtin'). */
  readonly kind?: FunctionKind;
  /** The kernel of a parameterised family instance (the rotated quadratic), with its parameters. */
  readonly kernel?: FunctionKernel;
  /** One line for listings. */
  readonly description: string;
  /** e.g. "valley", "multimodal", "plateau", "bowl", "ill-conditioned", "nd". */
  readonly tags: readonly string[];
  /** True when defined for any n ≥ 2; otherwise the function is 2-D only. */
  readonly nd: boolean;
  /** Dimension used when the caller does not choose one (2 for every built-in). */
  readonly defaultDims: number;
  /** Search / sampling domain in n dimensions. */
  domain(n: number): Box;
  /** Every global minimiser in n dimensions (approximate where only known numerically). */
  minimisers(n: number): number[][];
  /** The global minimum value f* in n dimensions. */
  fmin(n: number): number;
  /** f(x); n = x.length. */
  f(x: Vec): number;
  /** Writes ∇f(x) into g (same length as x) and returns f(x). Never returns NaN for finite x:
   *  where f is not differentiable a documented subgradient is used. */
  grad(x: Vec, g: MutVec): number;
}
