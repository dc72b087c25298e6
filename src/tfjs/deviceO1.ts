// o1's `normalized` rule (the shipped model, o1 v3: docs/O1.md) written in TF.js ops, so that a
// step stays on the backend (webgl, webgpu, wasm, cpu): no dataSync/data() in `step`, the state
// in tf.Variables, every reduction across variables done with tf ops. It is the reference
// (src/o1/normalized.ts) operation for operation, in float32 — the only float type every backend
// has — so it agrees with the f64 reference to a stated tolerance, not bit for bit
// (test/tfjs.device.test.ts; docs/TFJS.md, "The device path").
//
// The parameters form one flat vector (the variables in the order given), as in the step API:
// the globals cos(g, m), the gradient growth and the step unit initStep·rms(x₀) span all of them.
// The state is flat too (m, v, ln(s/u) over the whole vector), which makes it the step API's
// state layout: a checkpoint moves between this path and the host path (widened to f64 or
// rounded to f32).
//
// Per step, on the device: the gradients are concatenated into one vector; the features of all
// coordinates form an [n, 4] matrix (the four global features fold into the first layer's bias,
// one [H] vector per step), the network is two matMuls; o1's tanh is tf.tanh (both are tanh in
// f32: the difference is a few ulp of f32, inside the tolerance); the per-step scalars
// (bias corrections, time features) come from a table the reference's own `stepScalars` fills,
// indexed by the step counter on the device. With the config's stepUnit 'distance' the start x₀ is
// kept as device tensors (one per variable, its shape) and D = max rms(x_t − x₀) in the scalar
// state; the unit initStep·max(b, D) is computed on the device each step, the way the start's rms
// is (rescaled by the largest |x_t − x₀|, as float32's range needs). A step whose gradient has a NaN or ±Inf (or whose
// squared norm overflows float32) is skipped on the device, as PyTorch's GradScaler skips one:
// the parameters and the state are left as they were and the step counter does not advance.
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../errors.js';
import type { OptimizerCheckpoint } from '../api/state.js';
import { STATE_FORMAT, STATE_VERSION } from '../api/state.js';
import { scratchSize } from '../o1/network.js';
import type { O1Model } from '../o1/o1.js';
import {
  LOG_STEP_MAX,
  LOG_STEP_MIN,
  NORMALIZED_BETA2,
  NORMALIZED_EPS,
  STEP_SCALARS,
  V3_FEATURES,
  stepScalars,
} from '../o1/normalized.js';

/** Is this model's rule implemented on the device? (The window rules v1/v2 run on the host.) */
export function deviceSupportsModel(model: O1Model): boolean {
  return model.config.lrMode === 'normalized' && model.config.features === 'v3';
}

/** Features that differ per coordinate (r, d, agree, level); the other four are global. */
const PER_COORDINATE = 4;

/** f32 keeps q·q finite and (q − 1)(q + 1)/(q² + 1) rounds to ±1 long before 2^±60. */
const GROWTH_RATIO_MIN = 2 ** -60;
const GROWTH_RATIO_MAX = 2 ** 60;

/** Rows of the per-step scalar table: from this t on, β^(t+1) and β₂^(t+1) are below 2^−27 and
 *  t/300 > 9, so every row rounds (within an f32 ulp) to the last one, which later steps reuse. */
function tableRows(beta: number): number {
  const below = (b: number) => (b > 0 ? Math.ceil((-27 * Math.LN2) / Math.log(b)) : 1);
  return Math.max(3000, below(beta), below(NORMALIZED_BETA2));
}

/** A layer after the rewrite below: z = W·h + b, then the activation. */
interface Layer {
  w: tf.Tensor2D;
  /** [out, 1] (layers after the first; the first one's bias is built per step). */
  b: tf.Tensor2D;
  /** 'sigmoid' is a tanh layer in the form σ(2z) (below). */
  act: 'sigmoid' | 'tanh' | 'relu' | 'identity';
}

/**
 * The network, rewritten for the device (exact algebra; rounding differs): a hidden tanh layer is
 * computed as s = σ(2z) and the next layer takes 2s − 1 = tanh z folded into its weights
 * (W' = 2W, b' = b − W·1), because the wasm backend's sigmoid is vectorised and its tanh is not
 * (4.5× faster on 8·670k values); the level feature tanh(ln(s/u)/4) likewise enters as
 * σ(ln(s/u)/2). The first layer splits into its per-coordinate part (an [H, 5] matrix over the
 * rows r, d, agree, level, 1) and the global part, folded into the bias column once per step.
 */
function buildNetwork(model: O1Model): { layers: Layer[]; global0: tf.Tensor2D } {
  const { layers: L, activations } = model.config;
  const w = model.weights;
  const last = L.length - 2;
  const mats: { W: Float64Array[]; b: Float64Array; act: Layer['act'] }[] = [];
  let p = 0;
  let prevFolded = false;
  for (let l = 0; l <= last; l++) {
    const nIn = L[l];
    const nOut = L[l + 1];
    const W = Array.from({ length: nOut }, (_, r) => Float64Array.from(w.subarray(p + r * nIn, p + (r + 1) * nIn)));
    const b = Float64Array.from(w.subarray(p + nIn * nOut, p + nIn * nOut + nOut));
    p += nIn * nOut + nOut;
    if (l === 0) {
      // level = 2·σ(x/2) − 1 for x = ln(s/u)
      for (let r = 0; r < nOut; r++) {
        b[r] -= W[r][3];
        W[r][3] *= 2;
      }
    } else if (prevFolded) {
      for (let r = 0; r < nOut; r++) {
        for (let c = 0; c < nIn; c++) {
          b[r] -= W[r][c];
          W[r][c] *= 2;
        }
      }
    }
    const fold = activations[l] === 'tanh' && l < last;
    if (fold) {
      for (let r = 0; r < nOut; r++) {
        b[r] *= 2;
        for (let c = 0; c < nIn; c++) W[r][c] *= 2;
      }
    }
    mats.push({ W, b, act: fold ? 'sigmoid' : activations[l] });
    prevFolded = fold;
  }
  return tf.tidy(() => {
    const f32 = (rows: Float64Array[], from: number, to: number) => tf.tensor2d(rows.map((r) => Array.from(r.subarray(from, to))), [rows.length, to - from], 'float32');
    const m0 = mats[0];
    const layers = mats.map((m, l) => ({
      w: tf.keep(l === 0 ? f32(m.W, 0, PER_COORDINATE) : f32(m.W, 0, L[l])),
      b: tf.keep(tf.tensor2d(Array.from(m.b), [m.b.length, 1], 'float32')) as tf.Tensor2D,
      act: m.act,
    }));
    return { layers, global0: tf.keep(f32(m0.W, PER_COORDINATE, V3_FEATURES)) as tf.Tensor2D };
  });
}

/** rms over the flat vector of `parts` (n values), as M·√(Σ(y/M)²/n), M = max|y|: float32's
 *  narrow range cannot under- or overflow the sum. NaN when every value is 0 (0/0). */
function rescaledRms(parts: readonly tf.Tensor[], n: number): tf.Scalar {
  const M = tf.max(tf.stack(parts.map((x) => tf.max(tf.abs(x)))));
  const yy = tf.addN(parts.map((x) => tf.sum(tf.square(tf.div(x, M)))));
  return tf.mul(M, tf.sqrt(tf.div(yy, n))) as tf.Scalar;
}

export class DeviceO1 {
  readonly rule = 'o1';
  private readonly beta: number;
  private readonly lo: number;
  private readonly hi: number;
  private readonly initStep: number;
  private readonly scratch: number;
  private readonly layers: Layer[];
  /** The first layer's weights on the global features, [H, 4]. */
  private readonly global0: tf.Tensor2D;
  private readonly table: tf.Tensor2D;
  private readonly lastRow: number;
  private sizesFixed: number[] | undefined;
  private n = 0;
  // state (undefined before the first step or load)
  private m: tf.Variable | undefined;
  private v: tf.Variable | undefined;
  private logStep: tf.Variable | undefined;
  /** [t, ‖g‖ of the last step, step unit u] and, with the distance unit, [b, D] */
  private scalars: tf.Variable | undefined;
  /** The distance unit's x₀, one tensor per variable (undefined with the start unit). */
  private x0: tf.Variable[] | undefined;
  private readonly distanceUnit: boolean;
  /** Constant rows of n ones and zeros (the bias row of the features; the skipped gradient). */
  private ones: tf.Tensor1D | undefined;
  private zeros: tf.Tensor1D | undefined;
  /** The unit is measured while t = 0; once the host has seen t > 0 (an async read, never a
   *  stall), the rms of x is no longer computed. */
  private unitPending = true;

  constructor(model: O1Model) {
    if (!deviceSupportsModel(model))
      throw new InputError(`O1Optimizer: the device path runs the 'normalized' rule with v3 features; this model's rule is '${model.config.lrMode}' with ${model.config.features} features — use { path: 'host' }`);
    const cfg = model.config;
    this.beta = cfg.beta;
    this.lo = cfg.logLrMin;
    this.hi = cfg.logLrMax;
    this.initStep = cfg.initStep;
    this.distanceUnit = cfg.lrMode === 'normalized' && cfg.stepUnit === 'distance';
    this.scratch = scratchSize(cfg);
    const net = buildNetwork(model);
    this.layers = net.layers;
    this.global0 = net.global0;
    const rows = tableRows(this.beta);
    const t = new Float64Array(rows * STEP_SCALARS);
    for (let r = 0; r < rows; r++) stepScalars(this.beta, r, t, r * STEP_SCALARS);
    this.table = tf.keep(tf.tensor2d(Float32Array.from(t), [rows, STEP_SCALARS], 'float32'));
    this.lastRow = rows - 1;
  }

  get sizes(): readonly number[] | undefined {
    return this.sizesFixed;
  }

  /** The variables this path keeps (for disposal checks and getWeights). */
  private stateVariables(): tf.Variable[] {
    return [this.m, this.v, this.logStep, this.scalars, ...(this.x0 ?? [])].filter((x): x is tf.Variable => x !== undefined);
  }

  /** Throws (before anything changes) when the state was disposed behind the optimizer's back. */
  checkAlive(who: string): void {
    // tf.disposeVariables() frees a variable's data and unregisters it without marking it disposed
    const registered = tf.engine().registeredVariables;
    if (this.stateVariables().some((x) => x.isDisposed || registered[x.name] !== x))
      throw new InputError(`${who}: the optimizer's state variables were disposed (tf.disposeVariables() disposes every variable, an optimizer's too) — make a new O1Optimizer or setWeights() a saved state`);
  }

  private allocate(sizes: number[]): void {
    const n = sizes.reduce((a, b) => a + b, 0);
    this.disposeState();
    this.n = n;
    this.sizesFixed = sizes;
    [this.m, this.v, this.logStep, this.scalars] = tf.tidy(() => [n, n, n, this.distanceUnit ? 5 : 3].map((k) => tf.zeros([k]).variable(false)));
    if (this.distanceUnit) this.x0 = tf.tidy(() => sizes.map((k) => tf.zeros([k]).variable(false)));
    // kept: the first step may run inside the caller's tf.tidy (tfjs-layers' fit does that)
    this.ones = tf.keep(tf.ones([n]) as tf.Tensor1D);
    this.zeros = tf.keep(tf.zeros([n]) as tf.Tensor1D);
    this.unitPending = true;
  }

  /** Allocates the state for these tensor sizes at the first step (the caller has checked that
   *  they match a loaded state's). */
  ensureState(sizes: number[]): void {
    if (!this.sizesFixed) this.allocate(sizes);
  }

  /** One step, entirely in tf ops: no value leaves the backend. */
  step(vars: readonly tf.Variable[], grads: readonly tf.Tensor[]): void {
    const m = this.m!;
    const v = this.v!;
    const ls = this.logStep!;
    const sc = this.scalars!;
    const n = this.n;
    const computeUnit = this.unitPending;
    tf.tidy(() => {
      const g0 = grads.length === 1 ? tf.reshape(grads[0], [n]) : tf.concat(grads.map((x) => tf.reshape(x, [-1])));
      const [t, prevNorm, oldUnit, oldBase, oldDistance] = tf.unstack(sc);
      const g2raw = tf.square(g0);
      const gg = tf.sum(g2raw);
      // A NaN or ±Inf anywhere (or a ‖g‖² that overflows f32) skips the whole step: the gradient
      // becomes 0 and k = 0 turns every update into the identity (m·1 + 0, v·1 + 0, ls + 0, x − 0).
      const ok = tf.isFinite(gg);
      const k = tf.cast(ok, 'float32');
      const okN = tf.less(this.zeros!, k); // ok on every coordinate (cheaper than broadcastTo on wasm)
      const g = tf.where(okN, g0, this.zeros!);
      const g2 = tf.where(okN, g2raw, this.zeros!);
      const gNorm = tf.sqrt(gg);
      const mNorm = tf.sqrt(tf.sum(tf.square(m)));
      const gm = tf.sum(tf.mul(g, m));
      const zero = tf.scalar(0);
      const cos = tf.where(tf.logicalAnd(tf.greater(gNorm, 0), tf.greater(mNorm, 0)), tf.div(gm, tf.mul(gNorm, mNorm)), zero);
      const q = tf.clipByValue(tf.div(gNorm, prevNorm), GROWTH_RATIO_MIN, GROWTH_RATIO_MAX);
      const qGrowth = tf.div(tf.mul(tf.sub(q, 1), tf.add(q, 1)), tf.add(tf.mul(q, q), 1));
      const started = tf.greater(t, 0);
      const growth = tf.where(tf.logicalAnd(started, tf.logicalAnd(tf.greater(prevNorm, 0), tf.greater(gNorm, 0))), qGrowth, zero);
      const row = tf.gather(this.table, tf.cast(tf.minimum(t, this.lastRow), 'int32'));
      const [bc1, bc2, time1, time2] = tf.unstack(row);
      let unit: tf.Tensor = oldUnit;
      let base: tf.Tensor | undefined = oldBase;
      let distance: tf.Tensor | undefined = oldDistance;
      if (computeUnit) {
        // u = initStep · rms(x₀) (initStep when x₀ = 0), measured as M·√(Σ(x/M)²/n), M = max|x|,
        // so that float32's narrow range cannot under- or overflow Σx².
        const rms = rescaledRms(vars, n);
        const b = tf.where(tf.logicalAnd(tf.greater(rms, 0), tf.isFinite(rms)), rms, tf.scalar(1));
        unit = tf.where(started, oldUnit, tf.mul(b, this.initStep));
        if (this.distanceUnit) {
          base = tf.where(started, oldBase, b);
          this.x0!.forEach((x0, i) => x0.assign(tf.where(started, x0, tf.reshape(vars[i], [-1]))));
        }
      }
      if (this.distanceUnit) {
        // D ← max(D, rms(x_t − x₀)) from step 1 on (a NaN distance keeps D, as the reference's
        // comparison does); u = initStep·max(b, D)
        const dist = rescaledRms(vars.map((x, i) => tf.sub(tf.reshape(x, [-1]), this.x0![i])), n);
        distance = tf.where(tf.logicalAnd(started, tf.greater(dist, oldDistance!)), dist, oldDistance!);
        unit = tf.where(started, tf.mul(tf.maximum(base!, distance), this.initStep), unit);
      }
      // the four global features fold into the first layer's bias column
      const globals = tf.reshape(tf.stack([cos, growth, time1, time2]), [V3_FEATURES - PER_COORDINATE, 1]);
      const first = tf.concat([this.layers[0].w, tf.add(this.layers[0].b, tf.matMul(this.global0, globals))], 1);
      // sign(g·m): the f32 product is 0 only where |g·m| < 1.4e-45 (a subnormal product on
      // backends that flush, < 1.2e-38), where the reference's f64 product is not; one sign op
      // instead of two (sign is slow on wasm)
      const agree = tf.sign(tf.mul(g, m));
      const m1 = tf.add(tf.mul(m, tf.where(ok, this.beta, 1)), g);
      const v1 = tf.add(tf.mul(v, tf.where(ok, NORMALIZED_BETA2, 1)), tf.mul(g2, 1 - NORMALIZED_BETA2));
      const den = tf.add(tf.sqrt(tf.mul(v1, bc2)), NORMALIZED_EPS);
      const d = tf.div(tf.mul(m1, bc1), den);
      const r = tf.div(g, den);
      const level = tf.sigmoid(tf.mul(ls, 0.5)); // tanh(ls/4) = 2σ(ls/2) − 1, folded into the weights
      let h: tf.Tensor2D = tf.matMul(first, tf.stack([r, d, agree, level, this.ones!], 0) as tf.Tensor2D);
      this.layers.forEach((layer, l) => {
        if (l > 0) h = tf.add(tf.matMul(layer.w, h), layer.b);
        if (layer.act === 'sigmoid') h = tf.sigmoid(h);
        else if (layer.act === 'tanh') h = tf.tanh(h);
        else if (layer.act === 'relu') h = tf.relu(h);
      });
      const o = tf.reshape(h, [n]);
      const ls1 = tf.clipByValue(tf.add(ls, tf.mul(tf.clipByValue(o, this.lo, this.hi), k)), LOG_STEP_MIN, LOG_STEP_MAX);
      const step = tf.mul(tf.exp(ls1), tf.mul(tf.mul(unit, k), d));
      m.assign(m1);
      v.assign(v1);
      ls.assign(ls1);
      const next = this.distanceUnit ? [tf.add(t, 1), gNorm, unit, base!, distance!] : [tf.add(t, 1), gNorm, unit];
      sc.assign(tf.where(ok, tf.stack(next), sc));
      const parts = vars.length === 1 ? [step] : tf.split(step, vars.map((x) => x.size));
      vars.forEach((x, i) => x.assign(tf.sub(x, tf.reshape(parts[i], x.shape))));
    });
    if (computeUnit) {
      // Learn, without stalling, when t has left 0 (then the unit is fixed).
      const t = tf.keep(tf.tidy(() => tf.slice(this.scalars!, 0, 1)));
      void t.data().then((x) => {
        if (x[0] > 0) this.unitPending = false;
        t.dispose();
      });
    }
  }

  /** The state in the step API's checkpoint layout (the TS reference's), widened to f64; `lr` is
   *  recomputed from it. Reads the device (async). */
  async exportCheckpoint(): Promise<OptimizerCheckpoint> {
    const sizes = [...(this.sizesFixed ?? [])];
    const n = this.n;
    const base = { format: STATE_FORMAT, version: STATE_VERSION, optimizer: 'o1', sizes } as const;
    if (!this.m) return { ...base, t: 0, buffers: {}, scalars: {} };
    const [m, v, ls, sc, ...x0] = await Promise.all([this.m.data(), this.v!.data(), this.logStep!.data(), this.scalars!.data(), ...(this.x0 ?? []).map((x) => x.data())]);
    const t = sc[0];
    const unit = sc[2];
    const lr = new Float64Array(n);
    if (t > 0) {
      const row = new Float64Array(STEP_SCALARS);
      stepScalars(this.beta, t - 1, row, 0);
      for (let i = 0; i < n; i++) lr[i] = (unit * Math.exp(ls[i]) * row[0]) / (Math.sqrt(v[i] * row[1]) + NORMALIZED_EPS);
    }
    return {
      ...base,
      t,
      buffers: {
        m: Float64Array.from(m),
        v: Float64Array.from(v),
        logStep: Float64Array.from(ls),
        lr,
        features: new Float64Array(V3_FEATURES),
        netScratch: new Float64Array(this.scratch),
        ...(this.distanceUnit ? { x0: Float64Array.from(x0.flatMap((x) => Array.from(x))) } : {}),
      },
      scalars: { prevGradNorm: sc[1], stepUnit: unit, ...(this.distanceUnit ? { unitBase: sc[3], maxDistance: sc[4] } : {}) },
    };
  }

  /** Loads a checkpoint of the normalized rule (either path's), rounded to f32. Checks first,
   *  changes nothing on a bad one. */
  importCheckpoint(c: OptimizerCheckpoint, who: string): void {
    if (c.optimizer !== 'o1') throw new InputError(`${who}: the saved state is of optimizer '${c.optimizer}', not o1`);
    const n = c.sizes.reduce((a, b) => a + b, 0);
    if (this.sizesFixed && (c.sizes.length !== this.sizesFixed.length || c.sizes.some((s, i) => s !== this.sizesFixed![i])))
      throw new InputError(`${who}: the saved state is for tensors of sizes [${c.sizes.join(', ')}], this optimizer holds [${this.sizesFixed.join(', ')}]`);
    const unitKeys = this.distanceUnit ? { buffers: ['x0'], scalars: ['unitBase', 'maxDistance'] } : { buffers: [], scalars: [] };
    if (!this.distanceUnit && 'x0' in c.buffers)
      throw new InputError(`${who}: the saved state is of the 'distance' step unit (it keeps x0); this model's unit is 'start' — load it into O1Optimizer with that model`);
    for (const k of ['m', 'v', 'logStep', ...unitKeys.buffers]) {
      const b = c.buffers[k];
      if (!b) throw new InputError(`${who}: the saved state has no buffer "${k}" — it was not made by o1's normalized rule${k === 'x0' ? " with the 'distance' step unit (this model's)" : " (the shipped model's)"}`);
      if (b.length !== n) throw new InputError(`${who}: buffer "${k}" has ${b.length} values, expected ${n}`);
    }
    for (const k of ['prevGradNorm', 'stepUnit', ...unitKeys.scalars])
      if (typeof c.scalars[k] !== 'number') throw new InputError(`${who}: the saved state has no scalar "${k}"`);
    if ('window' in c.buffers) throw new InputError(`${who}: the saved state is of a window rule (v1/v2), not the normalized rule`);
    if (!this.sizesFixed) this.allocate([...c.sizes]);
    tf.tidy(() => {
      this.m!.assign(tf.tensor1d(Float32Array.from(c.buffers.m), 'float32'));
      this.v!.assign(tf.tensor1d(Float32Array.from(c.buffers.v), 'float32'));
      this.logStep!.assign(tf.tensor1d(Float32Array.from(c.buffers.logStep), 'float32'));
      const units = this.distanceUnit ? [c.scalars.unitBase, c.scalars.maxDistance] : [];
      this.scalars!.assign(tf.tensor1d([c.t, c.scalars.prevGradNorm, c.scalars.stepUnit, ...units], 'float32'));
      let at = 0;
      for (const x0 of this.x0 ?? []) {
        x0.assign(tf.tensor1d(Float32Array.from(c.buffers.x0.subarray(at, at + x0.size)), 'float32'));
        at += x0.size;
      }
    });
    this.unitPending = c.t === 0;
  }

  private disposeState(): void {
    tf.dispose([...this.stateVariables(), ...[this.ones, this.zeros].filter((x): x is tf.Tensor1D => x !== undefined)]);
    this.m = this.v = this.logStep = this.scalars = undefined;
    this.x0 = undefined;
    this.ones = this.zeros = undefined;
  }

  dispose(): void {
    this.disposeState();
    tf.dispose([this.global0, this.table, ...this.layers.flatMap((l) => [l.w, l.b])]);
  }
}
