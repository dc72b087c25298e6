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
}

export type Hyper = Record<string, number>;

/** Mutable per-run state: flat Float64Arrays (one slot per coordinate) and a step counter. */
export interface OptState {
  t: number;
  [buffer: string]: Float64Array | number;
}

export interface OptimizerSpec {
  readonly name: string;
  /** Stable integer id, used to dispatch in the WASM kernels. Never reused. */
  readonly id: number;
  readonly description: string;
  readonly hyper: readonly HyperParam[];
  /** Build a stepper for fixed hyper-parameters (already merged with defaults and validated). */
  create(h: Hyper): Stepper;
}

export interface Stepper {
  init(n: number): OptState;
  /** One update: x ← x − …, using the gradient g at x. Mutates x and state. */
  step(x: Float64Array, g: Float64Array, state: OptState): void;
  /** Learning rate per coordinate used by the last step, where the rule has one that varies
   *  (o1, hypergradient methods); undefined for fixed-lr rules. */
  lastLr?(state: OptState): Float64Array | undefined;
}
