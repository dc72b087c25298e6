// Optimizers, optax-style: a rule is a pair of functions, init(n) -> state and
// step(x, g, state) -> x updated in place. Hyper-parameters use PyTorch's names.

export interface HyperParam {
  /** PyTorch's name, e.g. "lr", "momentum", "weight_decay", "beta1". */
  readonly name: string;
  readonly default: number;
  readonly description: string;
  /** Inclusive bounds a value must lie in (validated by the CLI). */
  readonly min?: number;
  readonly max?: number;
  /** The value must be a whole number, e.g. PyTorch's boolean options given as 0/1 flags. */
  readonly integer?: boolean;
  /** +Infinity is allowed (e.g. prodigyopt's growth_rate = float('inf'), the default). */
  readonly allowInfinity?: boolean;
}

export type Hyper = Record<string, number>;

/** Mutable per-run state: flat Float64Arrays (one slot per coordinate) and a step counter. */
export interface OptState {
  t: number;
  [buffer: string]: Float64Array | number;
}

/** What the registry and every listing know of a rule, whatever it is made from. */
export interface OptimizerInfo {
  readonly name: string;
  /** Stable integer id, used to dispatch in the WASM kernels. Never reused. */
  readonly id: number;
  readonly description: string;
  readonly hyper: readonly HyperParam[];
  /** How the WASM kernels run this rule (absent: the TS reference runs it). */
  readonly kernel?: KernelBinding;
}

/** A rule made from its hyper-parameters (every baseline). */
export interface OptimizerSpec extends OptimizerInfo {
  /** Build a stepper for fixed hyper-parameters (already merged with defaults and validated). */
  create(h: Hyper): Stepper;
}

/** A learned rule: made from its trained model `M` the way a baseline is made from its
 *  hyper-parameters (learned_optimization's LearnedOptimizer.opt_fn(theta) -> Optimizer). It has
 *  no hyper-parameter: its model is its behaviour. */
export interface LearnedOptimizerSpec<M, S extends Stepper = Stepper> extends OptimizerInfo {
  /** Knobs that change how the model steps (o1's lr and max_growth, src/o1/knobs.ts): mapped onto
   *  the model's config, so they are part of the model that runs, not a separate input. */
  readonly hyper: readonly HyperParam[];
  /** Build a stepper running `model` (validated here: InputError if bad). */
  create(model: M): S;
}

/** One rule's update: init(n) → its state, step(x, g, state) updates x in place. `S` is the
 *  rule's own state type (OptState when the caller does not know the rule). */
export interface Stepper<S extends OptState = OptState> {
  /** Fresh state for n coordinates. `horizon`: the run's step count, when the caller knows it —
   *  the engines and run loops pass it; the scheduled baselines (adamw-cosine, momentum-cosine)
   *  take it as their horizon unless total_steps is given. */
  init(n: number, horizon?: number): S;
  /** One update: x ← x − …, using the gradient g at x. Mutates x and state. */
  step(x: Float64Array, g: Float64Array, state: S): void;
  /** Learning rate per coordinate used by the last step, where the rule has one that varies
   *  (o1, hypergradient methods); undefined for fixed-lr rules. */
  lastLr?(state: S): Float64Array | undefined;
  /** The point the method offers as its answer, where its loss is measured, when that is not the
   *  iterate x it takes gradients at: schedule-free's x (its `optimizer.eval()` point; x holds y),
   *  dog-avg's averaged iterate. Writes it into `out` (same length as x); reads, never changes,
   *  x and state. Before the first step it is x itself. Absent: the answer is x. */
  evalPoint?(x: Float64Array, state: S, out: Float64Array): void;
}

/**
 * A rule's binding to its WASM kernel, assembly/optimizers/<kernel>.ts. The names below become
 * that file's constants (scripts/gen-kernel-constants.mjs writes assembly/generated/abi.ts):
 * hyper-parameter slot `beta1` of kernel `adam` is ADAM_BETA1, buffer `m` is ADAM_BUF_M, row entry
 * `negStepSize` is ADAM_ROW_NEG_STEP_SIZE. Rules sharing a kernel (adam and adamw) share the names.
 * Values are computed here, on the host, with the very JS expressions the TS step uses (`**`,
 * Math.pow), so the kernel receives the same doubles. The kernels' dispatch on the rule's id is
 * generated from this binding too (scripts/gen-kernel-constants.mjs → assembly/generated/
 * baselines.ts): the kernel file exports `<kernel>Step`, optionally `<kernel>Init` (else the
 * state starts at 0) and `<kernel>EvalPoint`, with parameters named from the dispatcher's own.
 */
export interface KernelBinding {
  /** The kernel's name: its file assembly/optimizers/<kernel>.ts and its constants' prefix. */
  readonly kernel: string;
  /** The hyper-parameter block, slot by slot in kernel order: slot name → its value. */
  readonly hyper: Readonly<Record<string, (h: Hyper) => number>>;
  /** Per-coordinate state buffers (n values per run each), in memory order. */
  readonly buffers: readonly string[];
  /** Per-run state scalars after the buffers. */
  readonly scalars: readonly string[];
  /** Names of the per-step scalars, one row per step (none when absent). */
  readonly row?: readonly string[];
  /** The per-step table: row s (step s, 0-based) at s·row.length; `steps` is the run's length
   *  (the horizon a stepper's init receives). */
  table?(h: Hyper, steps: number): Float64Array;
  /** True when the rule's answer is not x (its stepper has an evalPoint): the kernel file's
   *  `<kernel>EvalPoint` computes it (rules sharing a kernel may differ: dog has none, dog-avg
   *  has one). */
  readonly evalPoint?: boolean;
}
