// The page's real-network panel: o1 (O1Optimizer, on the page's .wasm) against Adam training the
// same MLP from the same weights on a 2-D classification, live: both decision maps side by side
// and both loss curves on one chart. Loaded on demand (TF.js is a chunk of its own).
import './panel.css';
import * as tf from '@tensorflow/tfjs-core';
import type { O1Model } from '../../../src/o1/o1.js';
import type { O1WasmExports } from '../../../src/engine/loadWasm.js';
import { lineChart } from '../../../src/plot/lineChart.js';
import { optimizerColor } from '../../../src/plot/style.js';
import { showTrainingFailed } from '../trainingFailed.js';
import { NETWORK_DATASETS, createNetworkRuns, predictGrid, stepNetworkRuns, type NetworkDataset, type NetworkRun, type Points } from './core.js';

export interface NetworkPanelOptions {
  /** The page's kernels (undefined when the page runs on the TS reference). */
  kernels?: O1WasmExports;
  /** The page's current o1 model. */
  model(): O1Model;
}

const GRID = 40;
const DRAW_EVERY = 10;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

function labelled(label: string, input: HTMLElement): HTMLLabelElement {
  const l = el('label', {}, `${label} `);
  l.append(input);
  return l;
}

/** Paints p(class 1) on the grid, then the training points. */
function drawMap(canvas: HTMLCanvasElement, probs: Float32Array, points: Points): void {
  const ctx = canvas.getContext('2d')!;
  const img = new ImageData(GRID, GRID);
  for (let k = 0; k < GRID * GRID; k++) {
    const p = probs[k];
    // blue (class 0) … white … orange (class 1)
    const [r, g, b] = p < 0.5 ? [78 + (255 - 78) * 2 * p, 121 + (255 - 121) * 2 * p, 167 + (255 - 167) * 2 * p] : [255 - (255 - 242) * (2 * p - 1), 255 - (255 - 142) * (2 * p - 1), 255 - (255 - 43) * (2 * p - 1)];
    img.data.set([r, g, b, 255], 4 * k);
  }
  const tile = document.createElement('canvas');
  tile.width = tile.height = GRID;
  tile.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tile, 0, 0, canvas.width, canvas.height);
  for (let i = 0; i < points.count; i++) {
    const px = ((points.xs[2 * i] + 1) / 2) * canvas.width;
    const py = ((1 - points.xs[2 * i + 1]) / 2) * canvas.height;
    ctx.beginPath();
    ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
    ctx.fillStyle = points.ys[i] > 0.5 ? '#b35806' : '#2c5d8f';
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 0.6;
    ctx.stroke();
  }
}

function accuracy(run: NetworkRun, x: tf.Tensor, y: tf.Tensor): number {
  return tf.tidy(() => {
    const p = run.model.predict(x) as tf.Tensor;
    return tf.mean(tf.cast(tf.equal(tf.greater(p, 0.5), tf.greater(y, 0.5)), 'float32')).dataSync()[0];
  });
}

export function mountNetworkPanel(host: HTMLElement, opts: NetworkPanelOptions): void {
  host.replaceChildren();
  host.append(el('h2', {}, 'Train a real network: o1 against Adam (TensorFlow.js)'));
  host.append(
    el('p', { class: 'note' }, 'The same MLP (2→16→16→1, tanh) from the same initial weights, full-batch on 200 points, in tfjs-layers: one model steps with O1Optimizer (the current o1 model, on this page\'s WebAssembly), the other with tf.train.adam.'),
  );
  const dataset = el('select', { id: 'nn-dataset' });
  for (const d of NETWORK_DATASETS) dataset.append(el('option', { value: d }, d));
  const steps = el('input', { id: 'nn-steps', type: 'number', min: '1', max: '5000', step: '1', value: '300' });
  const lr = el('input', { id: 'nn-lr', type: 'number', min: '0', step: 'any', value: '0.01' });
  const seed = el('input', { id: 'nn-seed', type: 'number', step: '1', value: '1' });
  const train = el('button', { id: 'nn-train', type: 'button' }, 'train');
  const stop = el('button', { id: 'nn-stop', type: 'button' }, 'stop');
  stop.disabled = true;
  const bar = el('div', { class: 'bar' });
  bar.append(labelled('data', dataset), labelled('steps', steps), labelled('Adam lr', lr), labelled('seed', seed), train, stop);
  const status = el('div', { id: 'nn-status', class: 'note' }, opts.kernels ? 'o1 steps on WebAssembly' : 'o1 steps on the TypeScript reference');
  const views = el('div', { class: 'nn-views' });
  const maps: Record<string, HTMLCanvasElement> = {};
  for (const name of ['o1', 'adam']) {
    const fig = el('figure');
    maps[name] = el('canvas', { id: `nn-map-${name}`, width: '200', height: '200' });
    const cap = el('figcaption', {}, name === 'o1' ? 'o1' : 'Adam');
    cap.style.color = optimizerColor(name);
    fig.append(maps[name], cap);
    views.append(fig);
  }
  const chart = el('div', { id: 'nn-chart', class: 'chart' });
  views.append(chart);
  const table = el('table', { id: 'nn-results' });
  host.append(bar, status, views, table);
  document.body.dataset.network = 'ready';

  let stopping = false;
  stop.addEventListener('click', () => {
    stopping = true;
  });

  train.addEventListener('click', async () => {
    const T = Math.max(1, Math.min(5000, Math.round(Number(steps.value) || 300)));
    const adamLr = Number(lr.value) > 0 ? Number(lr.value) : 0.01;
    train.disabled = true;
    stop.disabled = false;
    stopping = false;
    status.classList.remove('error');
    document.body.dataset.network = 'training';
    let setup: Awaited<ReturnType<typeof createNetworkRuns>> | undefined;
    try {
      setup = await createNetworkRuns({
        dataset: dataset.value as NetworkDataset,
        seed: Math.round(Number(seed.value) || 1),
        adamLr,
        o1Model: opts.model(),
        kernels: opts.kernels,
      });
      const { runs, x, y, points } = setup;
      const draw = (t: number) => {
        for (const r of runs) drawMap(maps[r.name], predictGrid(r.model, GRID), points);
        chart.innerHTML = lineChart(
          runs.map((r) => ({ name: r.label, color: optimizerColor(r.name), x: r.losses.map((_, i) => i), y: r.losses })),
          { title: 'training loss (binary cross-entropy)', xLabel: 'step', yLabel: 'loss', logY: true, width: 460, height: 260 },
        );
        status.textContent = `step ${t} of ${T}`;
      };
      let t = 0;
      for (; t < T && !stopping; t++) {
        await stepNetworkRuns(runs, x, y);
        if ((t + 1) % DRAW_EVERY === 0) {
          draw(t + 1);
          await new Promise((r) => requestAnimationFrame(() => r(undefined)));
        }
      }
      draw(t);
      table.replaceChildren();
      const head = el('tr');
      for (const h of ['optimizer', 'final loss', 'training accuracy']) head.append(el('th', {}, h));
      table.append(head);
      for (const r of runs) {
        const last = r.losses[r.losses.length - 1];
        const row = el('tr', { 'data-opt': r.name, 'data-loss': String(last), 'data-steps': String(r.losses.length) });
        row.append(el('td', {}, r.label), el('td', {}, last.toPrecision(4)), el('td', {}, `${(100 * accuracy(r, x, y)).toFixed(1)}%`));
        table.append(row);
      }
      document.body.dataset.network = 'done';
    } catch (e) {
      showTrainingFailed(status, e, 'network');
    } finally {
      if (setup) {
        setup.runs.forEach((r) => r.model.dispose());
        tf.dispose([setup.x, setup.y]);
      }
      train.disabled = false;
      stop.disabled = true;
    }
  });
}
