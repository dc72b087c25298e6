// Builds and serves the TF.js page (./main.ts) and opens it in headless Chromium on the webgl
// backend: shared by e2e/tfjs.webgl.e2e.ts and bench/tfjsBrowser.ts. Headless Chromium has no
// GPU here; WebGL comes from SwiftShader (software GL), which proves the path, not its speed.
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const CHROMIUM = process.env.O1_CHROMIUM ?? '/usr/bin/chromium';
/** Flags that give headless Chromium a WebGL2 context without a GPU (SwiftShader). */
export const WEBGL_FLAGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };

export async function buildPage(): Promise<string> {
  const { build } = await import('vite');
  await build({ configFile: join(PACKAGE_ROOT, 'bench', 'tfjs-browser', 'vite.config.ts'), logLevel: 'warn' });
  return join(PACKAGE_ROOT, 'dist', 'tfjs-browser');
}

export function servePage(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(root, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/` });
    }),
  );
}

export async function openPage(url: string) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'o1-tfjs-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: WEBGL_FLAGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="yes"]', { timeout: 60_000 });
  return { context, page, problems };
}
