// An MLP training loss as plain data — layer sizes, hidden activations, loss kind, L2 and one
// batch of points — and the test function over its flat parameter vector. The engines recognise
// such a function (its id ML_FUNCTION_ID and its `ml` property) and the WASM engine runs its
// loss and gradient in the kernels (assembly/ml/mlp.ts), the TS engine through MlpLoss; both
// give the same bits. This is how generated ML task families (any width, depth, activation,
// dataset) run as objectives of engine.runBatch, batched over candidates × starts. A problem with
// a `conv` layer is conv1d → pool → the MLP of `sizes` (src/ml/conv1d.ts).
import type { Box, MutVec, TestFunction, Vec } from '../functions/types.js';
import { type Batch, type HiddenActivation, type LossKind, MlpLoss, MlpShape } from './mlp.js';
import { type Conv1dSpec, Conv1dLoss, Conv1dShape } from './conv1d.js';

/** The id of an ML test function (src/functions ids are ≥ 0; −1 is a transformed or user function). */
export const ML_FUNCTION_ID = -2;

export interface MlProblem {
  /** Layer sizes, input first (with `conv`: the head's, its input the conv filters). */
  readonly sizes: readonly number[];
  /** One per hidden layer (sizes.length − 2 of them). */
  readonly activations: readonly HiddenActivation[];
  readonly loss: LossKind;
  readonly l2: number;
  /** The points the loss is the mean over (feature-major inputs, see Batch). */
  readonly batch: Batch;
  /** A 1-D conv layer below the MLP (absent: the MLP reads the batch's inputs directly). */
  readonly conv?: Conv1dSpec;
}

/** The loss (and gradient) of a problem's model: an MlpLoss, or a Conv1dLoss when it has a conv layer. */
export interface MlModelLoss {
  evaluate(params: Float64Array, batch: Batch, grad: Float64Array | null): number;
}

/** The problem's flat parameter layout: sizes and count (mlp.ts or conv1d.ts). */
export const mlShapeOf = (p: Pick<MlProblem, 'sizes' | 'conv'>): MlpShape | Conv1dShape => (p.conv ? new Conv1dShape(p.conv, p.sizes) : new MlpShape(p.sizes));

/** Inputs per point: the MLP's first size, or the conv layer's C·L. */
export const mlInputDim = (p: Pick<MlProblem, 'sizes' | 'conv'>): number => (p.conv ? p.conv.channels * p.conv.length : p.sizes[0]);

/** The model loss of `problem` for batches of up to maxBatch points. */
export function mlModelLoss(problem: Omit<MlProblem, 'batch'>, maxBatch: number): MlModelLoss {
  if (problem.conv) return new Conv1dLoss(new Conv1dShape(problem.conv, problem.sizes), maxBatch, problem.loss, problem.l2, problem.activations);
  return new MlpLoss(new MlpShape(problem.sizes), maxBatch, problem.loss, problem.l2, problem.activations);
}

export interface MlTestFunction extends TestFunction {
  readonly ml: MlProblem;
}

/** The problem's activations as a list (one name repeated for every hidden layer). */
export function mlActivations(sizes: readonly number[], activation: HiddenActivation | readonly HiddenActivation[]): HiddenActivation[] {
  return typeof activation === 'string' ? Array.from({ length: Math.max(0, sizes.length - 2) }, () => activation) : [...activation];
}

/** The full-batch training loss of `problem` as a test function of its flat parameters. */
export function mlTestFunction(name: string, problem: MlProblem): MlTestFunction {
  const loss = mlModelLoss(problem, problem.batch.count);
  const n = mlShapeOf(problem).paramCount;
  const params = new Float64Array(n);
  const grad = new Float64Array(n);
  const asParams = (x: Vec): Float64Array => {
    if (x.length !== n) throw new Error(`${name}: expected ${n} parameters, got ${x.length}`);
    if (x instanceof Float64Array) return x;
    for (let i = 0; i < n; i++) params[i] = x[i];
    return params;
  };
  const box: Box = { lo: [], hi: [] };
  const check = (m: number) => {
    if (m !== n) throw new Error(`ML function '${name}' has ${n} parameters, asked for ${m}`);
  };
  return {
    name,
    id: ML_FUNCTION_ID,
    kind: 'ml',
    description: `${problem.conv ? `conv1d ${problem.conv.channels}×${problem.conv.length} → ${problem.conv.filters} filters of ${problem.conv.width} → ` : ''}MLP training loss [${problem.sizes.join(', ')}] (${problem.loss}) on ${problem.batch.count} points`,
    tags: ['ml'],
    nd: false,
    defaultDims: n,
    domain: (m) => (check(m), box),
    minimisers: () => [],
    fmin: () => 0,
    f: (x: Vec) => loss.evaluate(asParams(x), problem.batch, null),
    grad(x: Vec, g: MutVec): number {
      const direct = g instanceof Float64Array && g.length === n;
      const value = loss.evaluate(asParams(x), problem.batch, direct ? g : grad);
      if (!direct) for (let i = 0; i < n; i++) g[i] = grad[i];
      return value;
    },
    ml: problem,
  };
}

/** The ML problem of `fn` when it is an ML test function, else undefined. */
export function mlProblemOf(fn: TestFunction): MlProblem | undefined {
  if (fn.kind !== 'ml') return undefined;
  const p = (fn as Partial<MlTestFunction>).ml;
  return p && Array.isArray(p.sizes) && p.batch ? p : undefined;
}
