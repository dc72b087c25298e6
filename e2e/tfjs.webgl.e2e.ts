// End-to-end: O1Optimizer on TF.js's webgl backend in headless Chromium (SwiftShader's software
// GL: it proves the path, not the speed). With the default path ('auto') o1 steps on the device:
// no synchronous download from the GPU during the steps (the host path, for contrast, downloads
// every gradient each step: the page makes them on the GPU, as a backward pass does), and the result is within the same stated tolerance of the
// f64 TS reference as on the cpu and wasm backends (test/helpers/deviceTolerance.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, buildPage, openPage, servePage } from '../bench/tfjs-browser/harness.js';
import { MODELS_DIR } from '../src/paths.js';
import { parseModelJson } from '../src/model/json.js';
import { problem, worstRatios } from '../test/helpers/deviceTolerance.js';

let server: Server;
let context: BrowserContext;
let page: Page;
let problems: string[];
const modelJson = readFileSync(join(MODELS_DIR, 'default.json'), 'utf8');

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`apt-get install -y chromium\` first`);
  const root = await buildPage();
  const served = await servePage(root);
  server = served.server;
  ({ context, page, problems } = await openPage(served.url));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await new Promise((r) => server?.close(r));
});

interface RunOut {
  path: string;
  readSyncs: number;
  x: number[][];
  t: number;
  m: number[];
  v: number[];
  logStep: number[];
  stepUnit: number;
  prevGradNorm: number;
  x0?: number[];
  unitBase?: number;
  maxDistance?: number;
}

/** The error ratios every run must keep ≤ 1 (with the 'distance' step unit, its state's too). */
function checked(model: { config: { lrMode: string; stepUnit?: string } }): string[] {
  const base = ['t', 'm', 'v', 'logStep', 'x', 'unit', 'gradNorm'];
  return model.config.lrMode === 'normalized' && model.config.stepUnit === 'distance' ? [...base, 'x0', 'unitBase', 'maxDistance'] : base;
}

describe('O1Optimizer on the webgl backend (headless Chromium)', () => {
  it('steps on the device without reading back, within the stated tolerance of the f64 reference', async () => {
    const info = await page.evaluate(() => (window as unknown as { o1tf: { init(b: string): Promise<{ backend: string; webglVersion: number; renderer: string }> } }).o1tf.init('webgl'));
    expect(info.backend).toBe('webgl');
    expect(info.webglVersion).toBe(2);
    // every tensor ≥ 128 values: TF.js's webgl backend runs smaller ops on the CPU
    // (WEBGL_CPU_FORWARD), and this test is about the GPU
    const SHAPES = [[40, 30], [130], [16, 9], [200]];
    const T = 20;
    const { x0, grads } = problem(11, T, SHAPES);
    const args = { modelJson, shapes: SHAPES, x0: x0.map((x) => Array.from(x)), grads: grads.map((g) => g.map((x) => Array.from(x))) };
    const run = (path: string) =>
      page.evaluate(
        ({ a, p }) => (window as unknown as { o1tf: { run(...x: unknown[]): Promise<unknown> } }).o1tf.run(a.modelJson, p, a.shapes, a.x0, a.grads),
        { a: args, p: path },
      ) as Promise<RunOut>;
    const device = await run('auto');
    expect(device.path).toBe('device');
    expect(device.readSyncs).toBe(0);
    const host = await run('host');
    expect(host.path).toBe('host');
    expect(host.readSyncs).toBeGreaterThanOrEqual(SHAPES.length * T); // at least every gradient, every step
    // a window-rule model has no device version: 'auto' takes the host path for it
    const v2 = await page.evaluate(
      ({ a, m }) => (window as unknown as { o1tf: { run(...x: unknown[]): Promise<unknown> } }).o1tf.run(m, 'auto', a.shapes, a.x0, a.grads.slice(0, 2)),
      { a: args, m: readFileSync(join(MODELS_DIR, 'generalist-v2.json'), 'utf8') },
    ) as RunOut;
    expect(v2.path).toBe('host');
    const model = parseModelJson(modelJson, 'models/default.json');
    const worst = worstRatios(model, x0, grads, device);
    for (const k of checked(model)) expect(worst[k], `${k} (error ÷ bound)`).toBeLessThanOrEqual(1);
    expect(worst.moved).toBeGreaterThan(0.01);
    // the 'distance' step unit on the device (o1 v4's network, a fixed file whatever the default is; a start
    // 1000× smaller, so D grows past b)
    const small = problem(15, 30, SHAPES, 5e-4);
    const v4 = JSON.parse(readFileSync(join(MODELS_DIR, 'generalist-v4.json'), 'utf8'));
    const distanceJson = JSON.stringify({ ...v4, config: { ...v4.config, stepUnit: 'distance' } });
    const dist = (await page.evaluate(
      ({ m, a }) => (window as unknown as { o1tf: { run(...x: unknown[]): Promise<unknown> } }).o1tf.run(m, 'auto', a.shapes, a.x0, a.grads),
      { m: distanceJson, a: { shapes: SHAPES, x0: small.x0.map((x) => Array.from(x)), grads: small.grads.map((g) => g.map((x) => Array.from(x))) } },
    )) as RunOut;
    expect(dist.path).toBe('device');
    expect(dist.readSyncs).toBe(0);
    const distModel = parseModelJson(distanceJson, 'generalist-v4.json with stepUnit distance');
    const worstD = worstRatios(distModel, small.x0, small.grads, dist);
    for (const k of checked(distModel)) expect(worstD[k], `distance unit: ${k} (error ÷ bound)`).toBeLessThanOrEqual(1);
    expect(worstD.grew).toBeGreaterThan(1);
    expect(problems).toEqual([]);
    console.log(`webgl (${info.renderer}): error ÷ bound`, Object.fromEntries(Object.entries(worst).map(([k, v]) => [k, Number(v.toPrecision(2))])));
    console.log(`webgl, distance unit: error ÷ bound`, Object.fromEntries(Object.entries(worstD).map(([k, v]) => [k, Number(v.toPrecision(2))])));
  });
});
