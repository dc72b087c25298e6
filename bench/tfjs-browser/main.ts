// The page behind e2e/tfjs.webgl.e2e.ts and `npm run bench:tfjs-browser`: TF.js (its webgl
// backend) and O1Optimizer, driven from Node through window.o1tf. It counts the webgl backend's
// synchronous downloads from the GPU (getValuesFromTexture: what dataSync of a GPU-resident
// tensor costs; a readSync of values already on the CPU, as of TF.js's small CPU-forwarded
// scalars, does not stall) so the test can tell that the device path never stalls the pipeline.
import * as tf from '@tensorflow/tfjs';
import { O1Optimizer, type O1Path } from '../../src/tfjs/stepOptimizer.js';
import { checkpointFromTensors } from '../../src/tfjs/checkpointTensors.js';
import { parseModelJson } from '../../src/model/json.js';

let readSyncs = 0;

async function init(backend: string): Promise<{ backend: string; webglVersion: unknown; renderer: string }> {
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
  await tf.ready();
  const b = tf.backend() as unknown as { getValuesFromTexture?(id: object): unknown };
  const download = b.getValuesFromTexture?.bind(b);
  if (download)
    b.getValuesFromTexture = (id: object) => {
      readSyncs++;
      return download(id);
    };
  let renderer = '';
  const gl = document.createElement('canvas').getContext('webgl2');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  if (gl && ext) renderer = String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL));
  return { backend: tf.getBackend(), webglVersion: tf.env().get('WEBGL_VERSION'), renderer };
}

/** Steps `grads` (one list of flat arrays per step) on variables of `shapes` from x0; returns
 *  the final values, the state (read after the steps) and the synchronous reads during them. */
async function run(modelJson: string, path: O1Path, shapes: number[][], x0: number[][], grads: number[][][]) {
  const model = parseModelJson(modelJson, 'model');
  const vars = shapes.map((s, k) => tf.variable(tf.tensor(x0[k], s)));
  const opt = new O1Optimizer({ model, path });
  const before = readSyncs;
  for (const g of grads) {
    // made on the GPU (a × 1 runs there for tensors of ≥ 128 values), as a backward pass makes them
    const named = vars.map((v, k) => ({ name: v.name, tensor: tf.tidy(() => tf.mul(tf.tensor(g[k], v.shape), 1)) }));
    opt.applyGradients(named);
    tf.dispose(named.map((n) => n.tensor));
  }
  const reads = readSyncs - before;
  const c = await checkpointFromTensors((await opt.getWeights()).slice(1));
  const x = await Promise.all(vars.map(async (v) => Array.from(await v.data())));
  const out = {
    path: opt.path,
    readSyncs: reads,
    x,
    t: c.t,
    m: Array.from(c.buffers.m ?? []),
    v: Array.from(c.buffers.v ?? []),
    logStep: Array.from(c.buffers.logStep ?? []),
    stepUnit: c.scalars.stepUnit,
    prevGradNorm: c.scalars.prevGradNorm,
    // the 'distance' step unit's state (absent with the 'start' unit)
    ...(c.buffers.x0 ? { x0: Array.from(c.buffers.x0), unitBase: c.scalars.unitBase, maxDistance: c.scalars.maxDistance } : {}),
  };
  opt.dispose();
  tf.dispose(vars);
  return out;
}

/** ms per trainOnBatch of the MLP 784→512→512→10 (batch 64), contenders interleaved in blocks. */
async function time(modelJson: string, blocks: number, perBlock: number) {
  const model = parseModelJson(modelJson, 'model');
  const make: [string, () => tf.Optimizer][] = [
    ['adam', () => tf.train.adam(1e-3)],
    ['o1 host', () => new O1Optimizer({ model, path: 'host' })],
    ['o1 device', () => new O1Optimizer({ model, path: 'device' })],
  ];
  const nets = make.map(([, f]) => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 512, activation: 'relu', inputShape: [784], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
    m.add(tf.layers.dense({ units: 512, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
    m.compile({ optimizer: f(), loss: 'categoricalCrossentropy' });
    return m;
  });
  const x = tf.randomUniform([64, 784], 0, 1, 'float32', 5);
  const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32', 6), 10);
  const times: number[][] = make.map(() => []);
  for (let b = 0; b <= blocks; b++) {
    for (let k = 0; k < nets.length; k++) {
      const t0 = performance.now();
      for (let i = 0; i < perBlock; i++) await nets[k].trainOnBatch(x, y); // reads the loss: each step completes
      if (b > 0) times[k].push((performance.now() - t0) / perBlock);
    }
  }
  const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
  return make.map(([label], k) => ({ label, ms: median(times[k]), ratio: median(times[k].map((t, b) => t / times[0][b])) }));
}

(window as unknown as { o1tf: object }).o1tf = { init, run, time };
document.body.dataset.ready = 'yes';
