// `o1 serve`: serves the built web demo (web/dist) on 127.0.0.1 until interrupted.
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../io.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';
import { WEB_DIST, isLoopbackHost, startServer } from '../../serve/server.js';

export interface ServeFlags {
  port: string;
  host: string;
}

export function serveCommand(io: CliIO, root = WEB_DIST): Command {
  return new Command('serve')
    .description('serve the web demo (optimizers racing on contour and 3-D surfaces, training in the page) on this machine')
    .option('--port <n>', 'port (0: any free port)', '8173')
    .option('--host <addr>', 'address to bind; the default lets only this machine connect', '127.0.0.1')
    .action(async (f: ServeFlags) => {
      const port = parseInteger('--port', f.port, 0, Number.MAX_SAFE_INTEGER, 8173);
      if (port > 65535) throw new UsageError(`--port ${port}: must be at most 65535`);
      if (!existsSync(join(root, 'index.html'))) throw new UsageError(`the web demo is not built (${root} has no index.html): run \`npm run build:web\``);
      let running;
      try {
        running = await startServer({ root, host: f.host, port });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EACCES') throw new UsageError(`--port ${port}: permission denied (ports below 1024 need privileges): pick one from 1024 to 65535, or --port 0`);
        if (err.code === 'EADDRINUSE') throw new UsageError(`--port ${port} is in use: pick another (or --port 0)`);
        if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new UsageError(`--host ${f.host}: not an address of this machine`);
        throw e;
      }
      io.out(`o1 demo on ${running.url}  (Ctrl-C stops it)\n`);
      if (!isLoopbackHost(f.host)) io.err(`o1 serve: listening on ${f.host}: other machines may connect\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
