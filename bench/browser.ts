// `npm run bench:browser`: benchmark (e) in headless Chromium (o1 with a random v2 model and with
// the shipped default model, Adam). Bundles bench/browser (Vite),
// serves it with the .wasm files as application/wasm from a local HTTP server, opens it in
// Chromium through playwright-core and prints the page's medians and ratios (--json for JSON).
//   options: --chromium PATH (default /usr/bin/chromium), --n N, --t T, --reps R
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { BUILD_DIR, PACKAGE_ROOT } from '../src/paths.js';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const json = argv.includes('--json');
const chromium = arg('--chromium', '/usr/bin/chromium');
const query = `?n=${arg('--n', '1024')}&t=${arg('--t', '1000')}&reps=${arg('--reps', '5')}`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

async function build(): Promise<string> {
  const { build: viteBuild } = await import('vite');
  const config = join(PACKAGE_ROOT, 'bench', 'browser', 'vite.config.ts');
  await viteBuild({ configFile: config, logLevel: 'warn' });
  return join(PACKAGE_ROOT, 'dist', 'bench-browser');
}

function serve(root: string): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    // the page fetches o1.wasm / o1-scalar.wasm and the shipped model default.json from its own
    // directory: serve them from build/ and models/
    const file = /^\/o1(-scalar)?\.wasm$/.test(path)
      ? join(BUILD_DIR, path)
      : path === '/default.json'
        ? join(PACKAGE_ROOT, 'models', 'default.json')
        : join(root, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(): Promise<void> {
  const root = await build();
  const server = await serve(root);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { chromium: launcher } = await import('playwright-core');
  const browser = await launcher.launch({ executablePath: chromium, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    await page.goto(`http://127.0.0.1:${port}/index.html${query}`);
    await page.waitForFunction(() => (globalThis as { __benchResult?: unknown }).__benchResult !== undefined, undefined, {
      timeout: 30 * 60_000,
    });
    const result = (await page.evaluate(() => (globalThis as { __benchResult?: unknown }).__benchResult)) as {
      error?: string;
      userAgent: string;
      N: number;
      T: number;
      reps: number;
      rows: { name: string; runStepsPerSecond: Record<string, number>; ratioToTs: Record<string, number> }[];
    };
    if (result.error) throw new Error(result.error);
    if (json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const variants = ['ts', 'wasm-scalar', 'wasm-simd', 'wasm-simd-f32'];
    const fmt = (v?: number) => (v === undefined ? '—' : `${(v / 1e6).toFixed(2)} M`);
    const ratio = (v?: number) => (v === undefined ? '—' : `${v.toFixed(2)}×`);
    const lines = [
      `browser: ${result.userAgent}; N = ${result.N}, T = ${result.T}, median of ${result.reps} interleaved rounds`,
      '',
      '| runner (e) | TS run-steps/s | WASM scalar | WASM SIMD | SIMD, f32 net | scalar ÷ TS | SIMD ÷ TS | SIMD f32 net ÷ TS |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...result.rows.map(
        (r) =>
          `| ${r.name} | ${variants.map((v) => fmt(r.runStepsPerSecond[v])).join(' | ')} | ` +
          `${variants.slice(1).map((v) => ratio(r.ratioToTs[v])).join(' | ')} |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
