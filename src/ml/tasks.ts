// The table of ML tasks: real training losses (logistic regression, small MLPs) as objectives that
// minimize() runs unchanged, so o1 and the baselines can be compared on them as on the 2-D test
// functions. One entry per task; makeObjective(seed) draws that seed's dataset and returns the
// objective over the flat parameter vector (layout in mlp.ts).
//
// Values are full-batch training losses except for stochastic tasks (moons-mlp-sgd): there
// valueAndGrad(x, g) returns the loss and gradient of the *next mini-batch* of a seeded stream,
// while f(x) stays the full-batch training loss. The two differ on purpose: the optimizer sees
// noisy gradients, as in real training, and the benchmark judges it by the full-batch loss
// (minimize()'s per-step `loss` are then mini-batch values; its `finalLoss` is f, full-batch).
import type { Objective } from '../run/objective.js';
import type { Vec, MutVec } from '../functions/types.js';
import { Rng, deriveSeed } from '../rng.js';
import { type DataSplit, type Dataset, gaussianBlobs, makeSplit, noisySine, twoMoons, twoSpirals } from './datasets.js';
import { type Batch, type LossKind, MlpLoss, MlpShape, batchFromRows } from './mlp.js';
import { type MlProblem, mlActivations } from './problem.js';

export type MlTaskKind = 'classification' | 'regression';

export interface MlObjective extends Objective {
  /** 0: every loss here is ≥ 0. A lower bound (not the attained minimum), used for gaps f − 0. */
  readonly fmin: number;
  /** Full-batch training loss that a well-tuned Adam reaches in ≈ 200–500 steps (docs/ML.md). */
  readonly targetLoss: number;
  readonly kind: MlTaskKind;
  readonly stochastic: boolean;
  readonly shape: MlpShape;
  readonly data: DataSplit;
  /** The full-batch training loss as plain data (what the kernels run, src/ml/problem.ts). */
  readonly problem: MlProblem;
  /** The held-out loss as plain data (same model and loss, the test points). */
  readonly testProblem: MlProblem;
  /** Mini-batch size of a stochastic task (undefined: full batch). */
  readonly batchSize?: number;
  /** A fresh copy of the task's mini-batch stream, from its first batch: call k returns the
   *  batch that valueAndGrad's k-th call (after resetBatches) uses. null for full-batch tasks. */
  batchStream(): (() => Batch) | null;
  /** A seeded starting point: Glorot-uniform weights, zero biases. */
  init(rng: Rng): Float64Array;
  /** Loss on the held-out split (same loss and L2 term as training). */
  testLoss(x: Vec): number;
  /** Fraction of held-out points classified correctly (logit > 0 ⇔ class 1); classifiers only. */
  testAccuracy?(x: Vec): number;
  /** Restarts the mini-batch stream from its first batch (no-op for full-batch tasks). Call it
   *  before each run on a reused objective so every optimizer sees the same batch sequence. */
  resetBatches(): void;
}

export interface MlTask {
  /** Identifier, e.g. "moons-mlp". */
  readonly name: string;
  /** One line for listings. */
  readonly description: string;
  readonly kind: MlTaskKind;
  /** Layer sizes, input first. */
  readonly layers: readonly number[];
  /** Number of parameters (the objective's dimension). */
  readonly n: number;
  readonly targetLoss: number;
  /** Adam's tuned lr from the sweep that chose targetLoss (a reference point, not a rule). */
  readonly adamLr: number;
  readonly stochastic: boolean;
  makeObjective(seed: number): MlObjective;
}

export interface TaskConfig {
  name: string;
  description: string;
  kind: MlTaskKind;
  layers: number[];
  loss: LossKind;
  l2: number;
  generate: (n: number, rng: Rng) => Dataset;
  nTrain: number;
  nTest: number;
  /** The seed's train/test split when it is not generated (real data: a seeded split of the
   *  rows); default makeSplit(seed, generate, nTrain, nTest). */
  split?: (seed: number) => DataSplit;
  targetLoss: number;
  adamLr: number;
  /** Mini-batch size for stochastic tasks; absent for full-batch ones. */
  batchSize?: number;
}

/** Draws batches of `batchSize` training rows: each epoch is a fresh seeded permutation, cut into
 *  ⌊nTrain / batchSize⌋ batches (a remainder is dropped). Call k always gives the same rows. */
class BatchStream {
  private readonly order: Int32Array;
  private position: number;
  private rng: Rng;
  /** The current batch, refilled in place by next() (feature-major inputs, see Batch). */
  readonly batch: Batch;

  constructor(
    private readonly train: Dataset,
    readonly batchSize: number,
    private readonly seed: number,
  ) {
    if (batchSize > train.count) throw new Error(`batch of ${batchSize} from ${train.count} training rows`);
    this.order = new Int32Array(train.count);
    this.batch = { count: batchSize, inputs: new Float64Array(batchSize * train.inputDim), targets: new Float64Array(batchSize) };
    this.rng = new Rng(seed);
    this.position = train.count;
  }

  reset(): void {
    this.rng = new Rng(this.seed);
    this.position = this.train.count;
  }

  /** Moves to the next batch. */
  next(): Batch {
    const { count, inputDim } = this.train;
    const size = this.batchSize;
    if (this.position + size > count) {
      // Fisher–Yates from the identity, so an epoch's order depends only on the stream's draws.
      for (let i = 0; i < count; i++) this.order[i] = i;
      for (let i = count - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        const t = this.order[i];
        this.order[i] = this.order[j];
        this.order[j] = t;
      }
      this.position = 0;
    }
    const { inputs, targets } = this.batch;
    for (let b = 0; b < size; b++) {
      const row = this.order[this.position + b];
      targets[b] = this.train.targets[row];
      for (let k = 0; k < inputDim; k++) inputs[k * size + b] = this.train.inputs[row * inputDim + k];
    }
    this.position += size;
    return this.batch;
  }
}

function buildObjective(c: TaskConfig, seed: number): MlObjective {
  const shape = new MlpShape(c.layers);
  const n = shape.paramCount;
  const data = c.split ? c.split(seed) : makeSplit(seed, c.generate, c.nTrain, c.nTest);
  const { train, test } = data;
  const model = new MlpLoss(shape, Math.max(train.count, test.count), c.loss, c.l2);
  const trainBatch = batchFromRows(train.inputs, train.targets, train.inputDim);
  const testBatch = batchFromRows(test.inputs, test.targets, test.inputDim);
  const streamSeed = deriveSeed(seed, 'ml-batches');
  const stream = c.batchSize === undefined ? null : new BatchStream(train, c.batchSize, streamSeed);
  const problemOf = (batch: Batch): MlProblem => ({ sizes: c.layers, activations: mlActivations(c.layers, 'tanh'), loss: c.loss, l2: c.l2, batch });
  // Scratch so that callers may pass any array type while the hot loops only see Float64Arrays.
  const paramBuffer = new Float64Array(n);
  const gradBuffer = new Float64Array(n);
  const logits = new Float64Array(test.count);

  const asParams = (x: Vec): Float64Array => {
    if (x.length !== n) throw new Error(`${c.name}: expected ${n} parameters, got ${x.length}`);
    if (x instanceof Float64Array) return x;
    for (let i = 0; i < n; i++) paramBuffer[i] = x[i];
    return paramBuffer;
  };
  const fullBatch = (x: Vec): number => model.evaluate(asParams(x), trainBatch, null);

  const objective: MlObjective = {
    name: c.name,
    n,
    fmin: 0,
    targetLoss: c.targetLoss,
    kind: c.kind,
    stochastic: stream !== null,
    shape,
    data,
    problem: problemOf(trainBatch),
    testProblem: problemOf(testBatch),
    batchSize: c.batchSize,
    batchStream() {
      if (c.batchSize === undefined) return null;
      const own = new BatchStream(train, c.batchSize, streamSeed);
      return () => own.next();
    },
    f: fullBatch,
    valueAndGrad(x: Vec, g: MutVec): number {
      const params = asParams(x);
      const direct = g instanceof Float64Array && g.length === n;
      const grad = direct ? g : gradBuffer;
      const value = model.evaluate(params, stream === null ? trainBatch : stream.next(), grad);
      if (!direct) for (let i = 0; i < n; i++) g[i] = gradBuffer[i];
      return value;
    },
    init: (rng: Rng) => shape.glorotInit(rng),
    testLoss: (x: Vec) => model.evaluate(asParams(x), testBatch, null),
    resetBatches: () => stream?.reset(),
  };
  if (c.kind === 'classification') {
    objective.testAccuracy = (x: Vec): number => {
      model.predict(asParams(x), testBatch, logits);
      let correct = 0;
      for (let p = 0; p < test.count; p++) if (logits[p] > 0 === test.targets[p] > 0.5) correct++;
      return correct / test.count;
    };
  }
  return objective;
}

/** An ML task from its configuration (the entries below; real-data tasks in src/bench/realData.ts). */
export function task(c: TaskConfig): MlTask {
  const t: MlTask = {
    name: c.name,
    description: c.description,
    kind: c.kind,
    layers: c.layers,
    n: new MlpShape(c.layers).paramCount,
    targetLoss: c.targetLoss,
    adamLr: c.adamLr,
    stochastic: c.batchSize !== undefined,
    makeObjective: (seed: number) => buildObjective(c, seed),
  };
  configs.set(t, c);
  return t;
}

// Each task's configuration, for variants of a task (the mini-batch suite, problems/mlMinibatch.ts).
const configs = new WeakMap<MlTask, TaskConfig>();

/** The configuration a task was made from (undefined for a task not made by task()). */
export function taskConfig(t: MlTask): Readonly<TaskConfig> | undefined {
  return configs.get(t);
}

const MOONS_NOISE = 0.15;
const moons = (n: number, rng: Rng) => twoMoons(n, MOONS_NOISE, rng);

// targetLoss values: see docs/ML.md ("Target losses") for the Adam sweep that chose them.
export const ML_TASKS: readonly MlTask[] = [
  task({
    name: 'logreg',
    description: 'logistic regression on 2 Gaussian blobs: 20 correlated features of unequal scales, 5% label noise, L2 1e-4',
    kind: 'classification',
    layers: [20, 1],
    loss: 'bce-logits',
    l2: 1e-4,
    generate: (n, rng) => gaussianBlobs(n, { dim: 20, separation: 4, labelNoise: 0.05, featureSpread: 10, commonFactor: 10 }, rng),
    // Many points for 21 parameters: the optimum's seed-to-seed spread shrinks like 1/√n, and
    // one absolute target must suit every seed.
    nTrain: 2048,
    nTest: 1024,
    targetLoss: 0.3,
    adamLr: 0.1,
  }),
  task({
    name: 'moons-mlp',
    description: 'MLP 2→16→16→1 (tanh) classifying two moons (noise 0.15), full batch',
    kind: 'classification',
    layers: [2, 16, 16, 1],
    loss: 'bce-logits',
    l2: 0,
    generate: moons,
    nTrain: 256,
    nTest: 256,
    targetLoss: 2.7e-4,
    adamLr: 0.215,
  }),
  task({
    name: 'spirals-mlp',
    description: 'MLP 2→32→32→1 (tanh) classifying two spirals (1.5 turns, noise 0.05), full batch',
    kind: 'classification',
    layers: [2, 32, 32, 1],
    loss: 'bce-logits',
    l2: 0,
    generate: (n, rng) => twoSpirals(n, 0.05, rng),
    nTrain: 256,
    nTest: 256,
    targetLoss: 1.2e-3,
    adamLr: 0.0464,
  }),
  task({
    name: 'sine-mlp',
    description: 'MLP 1→32→32→1 (tanh) regressing sin(πx) + N(0, 0.1²) on [−2, 2], MSE, full batch',
    kind: 'regression',
    layers: [1, 32, 32, 1],
    loss: 'mse',
    l2: 0,
    generate: (n, rng) => noisySine(n, 0.1, rng),
    nTrain: 256,
    nTest: 256,
    targetLoss: 0.012,
    adamLr: 0.0464,
  }),
  task({
    name: 'moons-mlp-sgd',
    description: 'moons-mlp trained by mini-batches of 32 (seeded epoch shuffles); f(x) is the full-batch loss',
    kind: 'classification',
    layers: [2, 16, 16, 1],
    loss: 'bce-logits',
    l2: 0,
    generate: moons,
    nTrain: 256,
    nTest: 256,
    targetLoss: 0.016,
    adamLr: 0.1,
    batchSize: 32,
  }),
];

export function mlTaskNames(): string[] {
  return ML_TASKS.map((t) => t.name);
}

export function getMlTask(name: string): MlTask | undefined {
  return ML_TASKS.find((t) => t.name === name.trim().toLowerCase());
}
