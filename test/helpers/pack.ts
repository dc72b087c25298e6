// `npm pack` of this checkout as it is (the tests run after the build, so no lifecycle script
// is needed — and none may run while other tests read dist/): the tarball in `dest` and the
// list of files npm put in it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export interface Packed {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the package, '/'-separated, relative to its root. */
  files: string[];
}

export function packTarball(dest: string): Packed {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [entry] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(dest, entry.filename), files: entry.files.map((f) => f.path) };
}

/** One file of the tarball, as text. */
export function readFromTarball(tarball: string, path: string): string {
  return execFileSync('tar', ['-xzOf', tarball, `package/${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
}
