// Where the package's own files live (shipped models, the built .wasm), found from this module's
// location so it works from src/ (tests), dist/ (CLI) and an installed package alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'o1') return dir;
      } catch {
        /* not ours; keep climbing */
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the o1 package root');
    dir = up;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const MODELS_DIR = join(PACKAGE_ROOT, 'models');
export const BUILD_DIR = join(PACKAGE_ROOT, 'build');
