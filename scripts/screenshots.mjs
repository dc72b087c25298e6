#!/usr/bin/env node
// Regenerates the demo's pictures in docs/img with Debian's chromium (playwright-core, never a
// downloaded browser) on the built page (web/dist, `npm run build`), served by `o1 serve`'s server:
//   docs/img/demo.png          the opening race (web/src/state.ts OPENING_RACE), finished, 1280×720
//   docs/img/demo-3d.png       the same race in the 3-D view alone
//   docs/img/demo-network.png  the real-network panel after o1 vs Adam on spirals (120 steps)
// Usage: node scripts/screenshots.mjs   (O1_CHROMIUM=/path overrides /usr/bin/chromium)
// Each picture is written to a temporary name and renamed.
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEB_DIST, startServer } from '../dist/src/serve/server.js';
import { PACKAGE_ROOT } from '../dist/src/paths.js';

const CHROMIUM = process.env.O1_CHROMIUM ?? '/usr/bin/chromium';
const IMG = join(PACKAGE_ROOT, 'docs', 'img');
for (const [file, how] of [[join(WEB_DIST, 'index.html'), 'npm run build'], [CHROMIUM, 'apt-get install -y chromium']])
  if (!existsSync(file)) {
    console.error(`${file} is missing: run \`${how}\` first`);
    process.exit(2);
  }

const server = await startServer({ root: WEB_DIST, port: 0 });
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'o1-shots-')), {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1280, height: 720 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? (await context.newPage());
const problems = [];
page.on('pageerror', (e) => problems.push(e.message));
page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));

async function shoot(name, take) {
  const tmp = join(IMG, `.${name}.tmp.png`);
  await take(tmp);
  renameSync(tmp, join(IMG, name));
  console.log(`wrote docs/img/${name}`);
}

try {
  // The opening race as the page opens it (default speed), taken to its end with the end button.
  const toEnd = async (query) => {
    await page.goto(`${server.url}${query}`);
    await page.waitForSelector('body[data-first-race-ms]');
    await page.waitForLoadState('networkidle');
    await page.click('#end');
    await page.waitForSelector('body[data-race-state="finished"]', { timeout: 60_000 });
  };
  await toEnd('');
  await page.waitForTimeout(500); // the 3-D view's last frame
  await shoot('demo.png', (path) => page.screenshot({ path }));

  await toEnd('?view=surface');
  await page.waitForTimeout(500);
  await shoot('demo-3d.png', (path) => page.locator('#views').screenshot({ path }));

  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(server.url);
  await page.waitForSelector('body[data-network="ready"]', { timeout: 60_000 });
  await page.selectOption('#nn-dataset', 'spirals');
  await page.fill('#nn-steps', '120');
  await page.fill('#nn-seed', '3');
  await page.click('#nn-train');
  await page.waitForSelector('body[data-network="done"], body[data-network="failed"]', { timeout: 300_000 });
  if ((await page.getAttribute('body', 'data-network')) !== 'done') throw new Error(`network panel: ${await page.textContent('#nn-status')}`);
  await shoot('demo-network.png', (path) => page.locator('#network').screenshot({ path }));
  if (problems.length) throw new Error(`page errors: ${problems.join('; ')}`);
} finally {
  await context.close();
  await server.close();
}
