// The demo at 1280×720 (issue 24 items 7–8): the opening race (scripts/choose-demo-race.mjs's
// choice) with every path inside the plot, the charts above the fold, out-of-range inputs said in
// place (steps, seed, a link's start outside the domain, a bad or empty lr), a loaded model
// labelled as loaded (not "from the link"), a long optimizer name clear of its slider label.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoBrowser, OUT, openDemoBrowser } from './browser.js';
import { randomO1Model } from '../src/o1/o1.js';
import { modelToJson } from '../src/model/json.js';
import { Rng } from '../src/rng.js';

let browser: DemoBrowser;
let page: Page;
const W = 1280;
const H = 720;

beforeAll(async () => {
  browser = await openDemoBrowser({ viewport: { width: W, height: H } });
  page = browser.page;
});

afterEach(() => {
  expect(browser.problems.splice(0), 'console errors / failed requests').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
});

async function open(query = ''): Promise<void> {
  await page.goto(`${browser.server.url}${query}`);
  await page.waitForSelector('body[data-first-race-ms]');
  // Let the lazily loaded parts (the 3-D view, the network panel) finish loading, so the next
  // navigation does not abort a request in flight (a 'request failed' the checks would count).
  await page.waitForLoadState('networkidle');
}

const box = (sel: string) => page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height }; });

describe('the demo at 1280×720', () => {
  it('opens on the chosen race: every path inside the plot, the landscape and both charts above the fold', async () => {
    await open('?speed=2000');
    await page.waitForSelector('body[data-race-state="finished"]', { timeout: 30_000 });
    expect(await page.$eval('#fn', (e) => (e as HTMLSelectElement).value)).toBe('goldstein');
    // The in-page trainer starts on the CLI's default strategy (o1 train without --strategy).
    expect(await page.$eval('#t-strategy', (e) => (e as HTMLSelectElement).value)).toBe('cmaes');
    expect(await page.$$eval('#results tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.opt))).toEqual(['o1', 'adam', 'momentum']);
    for (const sel of ['#contour', '#loss-chart', '#lr-chart']) {
      const b = await box(sel);
      expect(b.height, sel).toBeGreaterThan(150);
      expect(b.bottom, sel).toBeLessThanOrEqual(H);
      expect(b.right, sel).toBeLessThanOrEqual(W);
    }
    // Every drawn path point lies within the plot frame (the clip rectangle).
    const check = await page.$eval('#contour svg', (svg) => {
      const r = svg.querySelector('clipPath rect')!;
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(r.getAttribute(k)));
      const out: string[] = [];
      let n = 0;
      for (const p of svg.querySelectorAll('.run path.path')) {
        for (const m of (p.getAttribute('d') ?? '').matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) {
          n++;
          const px = Number(m[1]);
          const py = Number(m[2]);
          if (px < x - 0.5 || px > x + w + 0.5 || py < y - 0.5 || py > y + h + 0.5) out.push(`${px},${py}`);
        }
      }
      return { n, out, marks: svg.querySelectorAll('.stop, .exit').length };
    });
    expect(check.n).toBeGreaterThan(600);
    expect(check.out).toEqual([]);
    expect(check.marks).toBe(0);
    await page.screenshot({ path: join(OUT, 'demo-1280x720.png') });
  });

  it('steps and seed out of range are said in place and not used', async () => {
    await open();
    for (const bad of ['99999', '0', '-5', '2.5']) {
      await page.fill('#steps', bad);
      await page.press('#steps', 'Enter');
      await expect.poll(() => page.textContent('#input-error')).toContain(`steps '${bad}' not used`);
      expect(await page.inputValue('#steps')).toBe('300');
    }
    await page.fill('#steps', '120');
    await page.press('#steps', 'Enter');
    await expect.poll(() => page.textContent('#input-error')).toBe('');
    expect(await page.textContent('#step-counter')).toContain('/ 120');
    await page.fill('#seed', '1.5');
    await page.press('#seed', 'Enter');
    await expect.poll(() => page.textContent('#input-error')).toContain("seed '1.5' not used");
  });

  it('a link with a start outside the domain, a negative or empty lr: the banner says so', async () => {
    await open('?fn=goldstein&start=9,9');
    expect(await page.textContent('#problems')).toMatch(/start 9,9 is outside goldstein's domain \[-2, 2\] × \[-2, 2\]/);
    const start = await page.$eval('#cli', (e) => e.textContent ?? '');
    expect(start).not.toContain('--start 9,9');
    await open('?opt=o1,adam:lr=-1');
    expect(await page.textContent('#problems')).toMatch(/lr = -1 is out of range/);
    await open('?opt=o1,adam&adam.lr=');
    expect(await page.textContent('#problems')).toMatch(/ignored adam\.lr=/);
  });

  it('a loaded model is labelled as loaded; a long optimizer name stays clear of its slider', async () => {
    await open('?opt=o1,adamw-schedulefree');
    const name = await box('#hyper .opt:nth-child(2) strong');
    const label = await box('#hyper .opt:nth-child(2) label');
    expect(name.right).toBeLessThanOrEqual(label.left);
    const file = join(mkdtempSync(join(tmpdir(), 'o1-e2e-in-')), 'mine.json');
    writeFileSync(file, modelToJson({ ...randomO1Model(new Rng(4)), name: 'mine' }));
    await page.setInputFiles('#model-file', file);
    await expect.poll(() => page.textContent('#model-note')).toBe('mine (loaded from mine.json)');
    // The same model opened from the link says so.
    await page.waitForLoadState('networkidle');
    await page.goto(page.url());
    await page.waitForSelector('body[data-first-race-ms]');
    expect(await page.textContent('#model-note')).toBe('mine (from the link)');
  });
});
