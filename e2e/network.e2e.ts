// End-to-end: the demo's real-network panel in Debian's chromium. It trains a tfjs-layers MLP
// with O1Optimizer (on the page's .wasm) and with Adam, live; the page's loss curves must equal,
// value for value, the same training run in Node (web/src/network/core.ts on TF.js's cpu
// backend, the shipped model on the WASM kernels): TF.js's cpu backend is plain JS and o1's
// kernels are bit-identical to the TS reference, so no tolerance is needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../src/serve/server.js';
import { type DemoBrowser, OUT, openDemoBrowser } from './browser.js';
import { MODELS_DIR } from '../src/paths.js';
import { parseModelJson } from '../src/model/json.js';
import { initWasm } from '../src/engine/index.js';
import { trainNetworkHeadless } from '../web/src/network/core.js';


let browser: DemoBrowser;
let server: RunningServer;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await openDemoBrowser({ viewport: { width: 1400, height: 1600 } });
  ({ server, page, problems } = browser);
});

afterAll(async () => {
  await browser?.close();
});

describe('the real-network panel in chromium', () => {
  it('trains o1 against Adam live, with the same losses as the same run in Node', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-network="ready"]', { timeout: 60_000 });
    await page.selectOption('#nn-dataset', 'spirals');
    await page.fill('#nn-steps', '120');
    await page.fill('#nn-lr', '0.01');
    await page.fill('#nn-seed', '3');
    await page.click('#nn-train');
    await page.waitForSelector('body[data-network="done"], body[data-network="failed"]', { timeout: 150_000 });
    expect(await page.getAttribute('body', 'data-network'), (await page.textContent('#nn-status')) ?? '').toBe('done');
    await page.locator('#network').screenshot({ path: join(OUT, 'network.png') });
    expect(await page.textContent('#nn-status')).toMatch(/step 120 of 120/);
    const rows = await page.$$eval('#nn-results tr[data-opt]', (trs) =>
      trs.map((tr) => ({ opt: tr.getAttribute('data-opt'), loss: Number(tr.getAttribute('data-loss')), steps: Number(tr.getAttribute('data-steps')) })),
    );
    expect(rows.map((r) => r.opt)).toEqual(['o1', 'adam']);
    // the maps and the chart were drawn
    expect(await page.locator('#nn-chart svg path').count()).toBeGreaterThan(0);

    await initWasm();
    const model = parseModelJson(readFileSync(join(MODELS_DIR, 'default.json'), 'utf8'), 'models/default.json');
    const { kernels } = (await initWasm()) as unknown as { kernels: import('../src/engine/loadWasm.js').O1WasmExports };
    const node = await trainNetworkHeadless({ dataset: 'spirals', seed: 3, adamLr: 0.01, o1Model: model, kernels }, 120);
    for (const r of rows) {
      expect(r.steps).toBe(120);
      expect(r.loss).toBe(node[r.opt!][119]);
    }
    // both trained: the loss went down from the start
    expect(node.o1[119]).toBeLessThan(node.o1[0]);
    expect(node.adam[119]).toBeLessThan(node.adam[0]);
    expect(problems).toEqual([]);
  });
});
