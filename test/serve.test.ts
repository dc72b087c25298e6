// `o1 serve`'s static server: serves the folder, `.wasm` as application/wasm, and nothing outside
// it — `..`, `%2e%2e`, `%2f`-smuggled segments, backslashes and symlinks out of the folder get 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, resolveRequestPath, startServer } from '../src/serve/server.js';
import { serveCommand } from '../src/cli/commands/serve.js';
import { bufferIO } from '../src/cli/io.js';
import { InputError } from '../src/errors.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'o1-serve-')));
const root = join(base, 'dist');
const outside = join(base, 'secret.txt');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>o1</title>');
writeFileSync(join(root, 'assets', 'o1.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(outside, 'TOP SECRET');
symlinkSync(outside, join(root, 'link-out.txt'));
symlinkSync(base, join(root, 'dir-out'));
writeFileSync(join(root, 'assets', 'inside.txt'), 'fine');
symlinkSync(join(root, 'assets', 'inside.txt'), join(root, 'link-in.txt'));

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ root, port: 0 });
});
afterAll(async () => {
  await srv.close();
});

/** A raw request: the path goes on the wire exactly as written (fetch would normalise it). */
function get(path: string, method = 'GET'): Promise<{ status: number; type?: string; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('o1 serve', () => {
  it('binds 127.0.0.1 by default', () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((srv.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('serves the demo: index, assets, .wasm as application/wasm, with a strict CSP', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.type).toMatch(/text\/html/);
    expect(index.body).toContain('<title>o1</title>');
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
    expect((await get('/index.html?fn=rosenbrock&start=1,2')).status).toBe(200);
    const wasm = await get('/assets/o1.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.type).toBe('application/wasm');
    expect(wasm.body.slice(1, 4)).toBe('asm');
    expect((await get('/assets/app.js')).type).toMatch(/text\/javascript/);
    expect((await get('/link-in.txt')).body).toBe('fine'); // a symlink that stays inside is fine
    expect((await get('/assets/o1.wasm', 'HEAD')).status).toBe(200);
  });

  it('404s every way out of the folder', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%5c..%5csecret.txt',
      '/.%2e/secret.txt',
      '/link-out.txt',
      '/dir-out/secret.txt',
      '/index.html%00.png',
      '/%zz',
      '/nope.js',
      '/assets/',
    ];
    for (const path of attempts) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain('SECRET');
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await get('/', 'POST')).status).toBe(405);
    expect((await get('/', 'PUT')).status).toBe(405);
  });

  it('resolveRequestPath keeps to the root', () => {
    expect(resolveRequestPath(root, '/assets/o1.wasm')).toBe(join(root, 'assets', 'o1.wasm'));
    expect(resolveRequestPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveRequestPath(root, '/../dist/index.html')).toBeUndefined();
    expect(resolveRequestPath(root, 'index.html')).toBeUndefined();
  });

  it('the command refuses a missing build and a bad port with one clear line', async () => {
    const io = bufferIO();
    const run = (root: string, ...argv: string[]) => serveCommand(io, root).exitOverride().parseAsync(argv, { from: 'user' });
    await expect(run(join(base, 'nothing'))).rejects.toThrow(/npm run build:web/);
    await expect(run(root, '--port', '70000')).rejects.toThrow(InputError);
    await expect(run(root, '--port', String(srv.port))).rejects.toThrow(/in use/);
  });
});
