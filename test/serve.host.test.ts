// `o1 serve` against DNS rebinding and unreadable files (issue 15 item 8): a Host that is not an
// IP address, a loopback name, this machine's name or the bound host gets 421; a file the server
// cannot open gets 403 (or 404), never an empty reply; any 127.0.0.0/8 or ::1 --host is loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, openSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaticHandler, hostAllowed, isLoopbackHost } from '../src/serve/server.js';

const root = join(realpathSync(mkdtempSync(join(tmpdir(), 'o1-serve-host-'))), 'dist');
mkdirSync(root, { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>o1</title>');
writeFileSync(join(root, 'locked.txt'), 'secret');
writeFileSync(join(root, 'gone.txt'), 'soon gone');

// EACCES cannot be provoked for root (tests may run as root): the open is injected.
const failing = (path: string): number => {
  const code = path.endsWith('locked.txt') ? 'EACCES' : path.endsWith('gone.txt') ? 'ENOENT' : undefined;
  if (code) throw Object.assign(new Error(code), { code });
  return openSync(path, 'r');
};

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer(createStaticHandler(root, { host: '127.0.0.1', openFile: failing }));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

function get(path: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = host === undefined ? {} : { host };
    const req = request({ host: '127.0.0.1', port, path, headers, setHost: host === undefined }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('o1 serve: the Host header', () => {
  it('answers loopback names and addresses, IP literals and this machine', async () => {
    for (const host of [undefined, `127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`, 'app.localhost', '127.1.2.3', '192.168.1.7:8173']) {
      expect((await get('/', host)).status, String(host)).toBe(200);
    }
  });

  it('refuses other names with 421 (a DNS-rebinding page gets nothing)', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, 'localhost.evil.example', '127.0.0.1.nip.io', '', 'a b']) {
      const r = await get('/', host);
      expect(r.status, host).toBe(421);
      expect(r.body).not.toContain('<title>o1');
    }
  });

  it('hostAllowed: the bound host name is allowed, malformed headers are not', () => {
    expect(hostAllowed('demo.lan:8173', 'demo.lan')).toBe(true);
    expect(hostAllowed('demo.lan:8173', '127.0.0.1')).toBe(false);
    expect(hostAllowed(undefined, '127.0.0.1')).toBe(false);
    expect(hostAllowed('[::1', '127.0.0.1')).toBe(false);
    expect(hostAllowed('127.0.0.1:99999999', '127.0.0.1')).toBe(false);
  });
});

describe('o1 serve: unreadable files', () => {
  it('a file it cannot open gets 403, one that vanished 404 — never an empty reply', async () => {
    expect(await get('/locked.txt')).toEqual({ status: 403, body: 'forbidden: the file is not readable\n' });
    expect(await get('/gone.txt')).toEqual({ status: 404, body: 'not found\n' });
    expect(await get('/index.html')).toMatchObject({ status: 200, body: '<!doctype html><title>o1</title>' });
  });
});

describe('o1 serve: loopback --host', () => {
  it('any 127.0.0.0/8 address, ::1 in every spelling and localhost are loopback; others are not', () => {
    for (const h of ['127.0.0.1', '127.0.0.2', '127.255.255.254', 'localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '128.0.0.1', '10.0.0.1', '::2', 'example.com', '127.0.0.1.nip.io', '::ffff:10.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });
});
