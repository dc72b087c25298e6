// A static file server for the built web demo (web/dist), safe to leave running: it binds
// 127.0.0.1 unless told otherwise, answers GET and HEAD only, and serves nothing outside its
// folder — a path with a `..` segment (raw or percent-encoded), a backslash or a NUL, and a
// symlink whose target lies outside the folder, all get 404; a file it cannot read gets 403.
// Against DNS rebinding (a page on evil.example whose name later resolves to 127.0.0.1), a request
// whose Host header is not an IP address, a loopback name, this machine's name or the bound host
// gets 421. `.wasm` goes out as application/wasm (browsers compile it streaming only then).
import { closeSync, createReadStream, fstatSync, openSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP, isIPv4 } from 'node:net';
import { hostname } from 'node:os';
import { extname, join, sep } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

/** Where `npm run build:web` puts the demo. */
export const WEB_DIST = join(PACKAGE_ROOT, 'web', 'dist');

export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

// The page runs only its own bundled code: no inline scripts, no eval (WebAssembly compilation
// is allowed by 'wasm-unsafe-eval'), nothing from other origins.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The file a request path maps to inside `root`, or undefined (→ 404). `root` must be a real
 *  path (no symlinks in it): the result is checked against it after resolving symlinks. */
export function resolveRequestPath(root: string, rawPath: string): string | undefined {
  const path = rawPath.split(/[?#]/, 1)[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined; // malformed percent-encoding
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return undefined;
  if (path.split('/').some((s) => s === '..' || s === '.')) return undefined;
  const rel = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  let real: string;
  try {
    real = realpathSync(join(root, rel));
  } catch {
    return undefined;
  }
  if (!real.startsWith(root + sep)) return undefined;
  try {
    if (!statSync(real).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return real;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Whether `host` (an address or name, IPv6 with or without brackets) is this machine's loopback:
 *  localhost (and *.localhost), any of 127.0.0.0/8, ::1, or ::ffff:127.x.y.z. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIPv4(h)) return h.split('.')[0] === '127';
  if (isIP(h) === 6) {
    if (/^(0{0,4}:){2,7}0{0,3}1$/.test(h) || h === '::1') return true;
    const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return mapped !== null && isIPv4(mapped[1]) && mapped[1].startsWith('127.');
  }
  return false;
}

/** The host part of a Host header ("name:port", "[v6]:port"), lower-cased; undefined if malformed. */
export function hostOfHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  return m ? m[1].toLowerCase().replace(/^\[(.*)\]$/, '$1') : undefined;
}

/** Whether a request with this Host header may be answered by a server bound to `bound`: an IP
 *  address (a rebinding page's origin is a name, never the address itself), a loopback name, this
 *  machine's name, or the name it was bound to. */
export function hostAllowed(header: string | undefined, bound: string): boolean {
  const host = hostOfHeader(header);
  if (host === undefined) return false;
  if (isIP(host) !== 0 || isLoopbackHost(host)) return true;
  const b = bound.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const me = hostname().toLowerCase();
  return host === b || host === me || host === `${me}.local`;
}

export interface HandlerOptions {
  /** The address or name the server is bound to (its name is an allowed Host). */
  host?: string;
  /** Opens a file to serve (tests inject failures). */
  openFile?: (path: string) => number;
}

export function createStaticHandler(rootDir: string, opts: HandlerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const root = realpathSync(rootDir);
  const bound = opts.host ?? '127.0.0.1';
  const openFile = opts.openFile ?? ((p: string) => openSync(p, 'r'));
  return (req, res) => {
    if (!hostAllowed(req.headers.host, bound)) {
      send(res, 421, `this server answers only requests for ${bound}, localhost or an IP address (got Host: ${JSON.stringify(req.headers.host ?? '')})\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(res, 405, 'method not allowed\n');
      return;
    }
    const file = resolveRequestPath(root, req.url ?? '/');
    if (!file) {
      send(res, 404, 'not found\n');
      return;
    }
    // Opened before the headers go out, so an unreadable file gets a status, not an empty reply.
    let fd: number;
    let size: number;
    try {
      fd = openFile(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') send(res, 403, 'forbidden: the file is not readable\n');
      else send(res, 404, 'not found\n');
      return;
    }
    try {
      size = fstatSync(fd).size;
    } catch {
      closeSync(fd);
      send(res, 404, 'not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
    if (req.method === 'HEAD') {
      closeSync(fd);
      res.end();
      return;
    }
    const stream = createReadStream(file, { fd, autoClose: true });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}

export interface ServeOptions {
  root?: string;
  /** Default 127.0.0.1: only this machine can connect. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export function startServer(o: ServeOptions = {}): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1';
  const server = createServer(createStaticHandler(o.root ?? WEB_DIST, { host }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        port,
        url: `http://${shown}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
