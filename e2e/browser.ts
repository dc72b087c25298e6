// The e2e tests' browser: the built demo (web/dist) served by `o1 serve`'s server and opened in
// Debian's chromium by playwright-core (never a downloaded browser). Every console error, page
// error, failed request and HTTP error is collected in `problems`, which the tests check.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, WEB_DIST, startServer } from '../src/serve/server.js';
import { PACKAGE_ROOT } from '../src/paths.js';

export const CHROMIUM = process.env.O1_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots go here. */
export const OUT = join(PACKAGE_ROOT, 'e2e', 'out');

export interface DemoBrowser {
  server: RunningServer;
  context: BrowserContext;
  page: Page;
  /** What went wrong on the page so far (tests take and clear it). */
  problems: string[];
  close(): Promise<void>;
}

export interface DemoBrowserOptions {
  viewport: { width: number; height: number };
  acceptDownloads?: boolean;
  /** Further files the test needs, each with the command that makes it. */
  needs?: readonly (readonly [file: string, how: string])[];
}

export async function openDemoBrowser(o: DemoBrowserOptions): Promise<DemoBrowser> {
  for (const [file, how] of [[join(WEB_DIST, 'index.html'), 'npm run build:web'], ...(o.needs ?? []), [CHROMIUM, 'apt-get install -y chromium']])
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${how}\` first`);
  mkdirSync(OUT, { recursive: true });
  const server = await startServer({ root: WEB_DIST, port: 0 });
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'o1-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: o.viewport,
    ...(o.acceptDownloads ? { acceptDownloads: true } : {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return {
    server,
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}
