// One palette: every plot — `o1 viz`, the bench report's ECDF, box and trajectory plots, the ML
// report — colours an optimizer by its name with the same colour.
import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { optimizerColor } from '../src/plot/style.js';

const bin = join(PACKAGE_ROOT, 'bin', 'o1.js');
const o1 = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

/** The stroke of the element carrying data-name="NAME" (the first one), per SVG. */
function strokeOf(svg: string, name: string, cls: string): string | undefined {
  const re = new RegExp(`<g class="run" data-name="${name}"[^>]*>(?:<path[^>]*/>)?<path class="${cls}"[^>]*stroke="(#[0-9a-f]{6})"|class="${cls}" data-name="${name}"[^>]*stroke="(#[0-9a-f]{6})"`);
  const m = re.exec(svg);
  return m ? (m[1] ?? m[2]) : undefined;
}

describe('one colour per optimizer in every plot', () => {
  it('o1 viz and the bench report (ECDF, trajectories, boxes) agree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-palette-'));
    const viz = o1('viz', '--fn', 'himmelblau', '--opt', 'o1,adam,momentum', '--start', '1,1', '--steps', '20', '--out', join(dir, 'v.svg'));
    expect(viz.status, viz.stderr).toBe(0);
    const bench = o1('bench', '--suite', 'train', '--fn', 'himmelblau', '--opt', 'adam,momentum', '--starts', '3', '--tune-starts', '2', '--steps', '20', '--bootstrap', '10', '--report', join(dir, 'r'));
    expect(bench.status, bench.stderr).toBe(0);
    const v = readFileSync(join(dir, 'v.svg'), 'utf8');
    const ecdf = readFileSync(join(dir, 'r', 'ecdf-train-suite.svg'), 'utf8');
    const paths = readFileSync(join(dir, 'r', 'paths-himmelblau.svg'), 'utf8');
    const box = readFileSync(join(dir, 'r', 'box-himmelblau.svg'), 'utf8');
    for (const name of ['o1', 'adam', 'momentum']) {
      const c = optimizerColor(name);
      expect(strokeOf(v, name, 'path'), `viz ${name}`).toBe(c);
      expect(strokeOf(paths, name, 'path'), `bench paths ${name}`).toBe(c);
      expect(strokeOf(ecdf, name, 'series'), `ecdf ${name}`).toBe(c);
      expect(box).toContain(`stroke="${c}"`);
    }
    expect(optimizerColor('o1')).not.toBe(optimizerColor('adam'));
  }, 60_000);
});

describe('colours by name', () => {
  it('adding a rule to the registry recolours no other rule; o1 keeps its red; every rule has its own colour', async () => {
    const { optimizerNames, OPTIMIZERS } = await import('../src/optimizers/index.js');
    const before = new Map(optimizerNames().map((n) => [n, optimizerColor(n)]));
    expect(before.get('o1')).toBe('#e15759');
    // The registry with a new classic rule in the middle (as Lion was added), the
    // palette module loaded afresh against it.
    vi.resetModules();
    vi.doMock('../src/optimizers/index.js', async (importOriginal) => {
      const real = await importOriginal<typeof import('../src/optimizers/index.js')>();
      const added = { ...real.getOptimizer('sgd')!, name: 'signsgd', id: 99 };
      const names = ['o1', ...OPTIMIZERS.slice(0, 8).map((o) => o.name), 'signsgd', ...OPTIMIZERS.slice(8).map((o) => o.name)];
      return { ...real, OPTIMIZERS: [...OPTIMIZERS.slice(0, 8), added, ...OPTIMIZERS.slice(8)], optimizerNames: () => names };
    });
    try {
      const fresh = await import('../src/plot/style.js');
      const registry = await import('../src/optimizers/index.js');
      expect(registry.optimizerNames()).toContain('signsgd');
      for (const [name, colour] of before) expect(fresh.optimizerColor(name), name).toBe(colour);
      const all = registry.optimizerNames().map(fresh.optimizerColor);
      expect(new Set(all).size).toBe(all.length);
      expect(fresh.optimizerColor('signsgd')).toMatch(/^#[0-9a-f]{6}$/);
      expect(fresh.optimizerColor('signsgd')).toBe(fresh.optimizerColor('signsgd'));
    } finally {
      vi.doUnmock('../src/optimizers/index.js');
      vi.resetModules();
    }
  });

  it('the palette reads no optimizer table (plot sits below the optimizers)', () => {
    const src = readFileSync(join(PACKAGE_ROOT, 'src', 'plot', 'style.ts'), 'utf8');
    expect(src).not.toMatch(/from '\.\.\/optimizers/);
  });
});
