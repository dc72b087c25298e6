// What only the lab needs is optional (issue 24 item 15): the job queue's bullmq and ioredis, resvg
// for PNG files and the real-data suite's vega-datasets are optional peer dependencies, so
// `npm install o1` for the optimizer stays small and asks about no install script; nothing the
// library or a command loads up front imports them, and a missing one is one clear error.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { withOptionalPackages } from '../src/util/optionalPackage.js';

const OPTIONAL = ['@resvg/resvg-js', 'bullmq', 'ioredis', 'vega-datasets'];
const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));

/** The files reachable from `roots` through static imports (not `import(...)`), in src/. */
function staticClosure(roots: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const todo = [...roots];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;'"()]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    seen.set(file, specs);
    for (const s of specs) {
      if (!s.startsWith('.')) continue;
      const ts = resolve(dirname(file), s.replace(/\.js$/, '.ts'));
      if (existsSync(ts)) todo.push(ts);
    }
  }
  return seen;
}

describe('optional peer dependencies', () => {
  it('the lab-only packages are optional peers (and dev dependencies for our own tests), not dependencies', () => {
    for (const name of OPTIONAL) {
      expect(pkg.dependencies?.[name], name).toBeUndefined();
      expect(pkg.peerDependencies?.[name], name).toBeDefined();
      expect(pkg.peerDependenciesMeta?.[name]?.optional, name).toBe(true);
      expect(pkg.devDependencies?.[name], name).toBe(pkg.peerDependencies[name]);
    }
  });

  it('neither the library entry points nor any command module imports them up front', () => {
    const src = join(PACKAGE_ROOT, 'src');
    const commands = readdirSync(join(src, 'cli', 'commands')).filter((f) => f.endsWith('.ts')).map((f) => join(src, 'cli', 'commands', f));
    const closure = staticClosure([join(src, 'index.ts'), join(src, 'tfjs', 'index.ts'), join(src, 'cli', 'main.ts'), ...commands]);
    expect(closure.size).toBeGreaterThan(50); // the walk found the tree
    const offenders = [...closure].flatMap(([file, specs]) => specs.filter((s) => OPTIONAL.includes(s)).map((s) => `${file.slice(src.length + 1)} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('a missing optional package is one input error naming the feature and the install command', async () => {
    const gone = 'o1-test-no-such-package';
    const err = await withOptionalPackages('o1 test --feature', [gone], () => import(/* @vite-ignore */ gone)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`o1 test --feature needs the optional package ${gone}, and ${gone} is not installed: npm install ${gone}`);
    // any other failure is not dressed up as a missing package
    const other = await withOptionalPackages('x', ['bullmq'], () => Promise.reject(new Error('boom'))).catch((e: unknown) => e);
    expect((other as Error).message).toBe('boom');
  });
});
