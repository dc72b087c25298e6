// The layers of src/, lowest first (CONTRIBUTING.md, "Layers"): a file may import (values or
// types) from its own layer and the ones below, never from a layer above. This test reads every
// import of every file under src/ and checks it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';

/** Layer by path under src/ (the longest matching prefix wins), lowest first. */
const LAYERS: readonly { name: string; paths: readonly string[] }[] = [
  { name: 'base', paths: ['errors.ts', 'paths.ts', 'rng.ts', 'util/', 'plot/'] },
  { name: 'rules and problems', paths: ['functions/', 'o1/', 'optimizers/', 'model/', 'ml/', 'problems/', 'run/loop.ts', 'run/objective.ts'] },
  { name: 'engine', paths: ['engine/'] },
  { name: 'runs and library front ends', paths: ['run/', 'api/', 'tfjs/', 'viz/'] },
  { name: 'training', paths: ['train/', 'queue/'] },
  { name: 'benchmark', paths: ['bench/'] },
  { name: 'commands', paths: ['cli/', 'serve/', 'index.ts'] },
];

/** Imports that still run upwards, each with why it is left (none may be added). */
const KNOWN: readonly string[] = [];

function layerOf(path: string): number {
  let best = -1;
  let bestLen = -1;
  LAYERS.forEach((l, i) => {
    for (const p of l.paths) if ((path === p || (p.endsWith('/') && path.startsWith(p))) && p.length > bestLen) [best, bestLen] = [i, p.length];
  });
  return best;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => f.split('\\').join('/'));
}

/** Every relative import of src/FILE (static and dynamic, values and types), as paths under src/. */
function importsOf(src: string, file: string): string[] {
  const text = readFileSync(join(src, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)) {
    out.push(relative(src, normalize(join(src, dirname(file), m[1]))).split('\\').join('/').replace(/\.js$/, '.ts'));
  }
  return out;
}

/** Every import under `src` that runs upwards, as "from -> to". */
function upwardImports(src: string): string[] {
  const upward: string[] = [];
  for (const f of sources(src)) {
    for (const target of importsOf(src, f)) {
      if (layerOf(target) > layerOf(f)) upward.push(`${f} -> ${target}`);
    }
  }
  return upward;
}

describe('layers', () => {
  const src = join(PACKAGE_ROOT, 'src');

  it('every file under src/ belongs to a layer', () => {
    const files = sources(src);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('no import runs from a lower layer to a higher one', () => {
    expect(upwardImports(src)).toEqual(KNOWN);
  });

  it('the check can fail: a type import from the engine to the benchmark, a palette reading the optimizers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-layers-'));
    mkdirSync(join(dir, 'engine'));
    mkdirSync(join(dir, 'plot'));
    writeFileSync(join(dir, 'engine', 'a.ts'), "import {\n  x,\n} from '../ml/job.js';\nimport type { MlJob } from '../bench/ml.js';\n");
    writeFileSync(join(dir, 'plot', 'style.ts'), "const names = await import('../optimizers/index.js');\n");
    expect(upwardImports(dir)).toEqual(['engine/a.ts -> bench/ml.ts', 'plot/style.ts -> optimizers/index.ts']);
    writeFileSync(join(dir, 'plot', 'style.ts'), "export { x } from '../util/a.js';\n");
    expect(upwardImports(dir)).toEqual(['engine/a.ts -> bench/ml.ts']);
  });
});
