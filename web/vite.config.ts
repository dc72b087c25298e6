// Builds the web demo into web/dist: static files only, everything bundled (no CDN), relative
// URLs so `o1 serve` (or any static server) can host it from any path.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
    // Keep every asset (the .wasm included) a file of its own: the server's CSP allows no data: scripts.
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
