// The CLI in-process (main() with captured output): listings, `o1 run` reproducing the PyTorch
// fixtures, and one clear error with exit code 2 for bad input.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/reference-trajectories.json', import.meta.url), 'utf8'));

async function cli(...argv: string[]) {
  const io = bufferIO();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('o1 functions / optimizers', () => {
  it('lists every function as a table and as JSON', async () => {
    const t = await cli('functions');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/rosenbrock/);
    const j = await cli('functions', '--json');
    const rows = JSON.parse(j.out);
    expect(rows.length).toBeGreaterThanOrEqual(18);
    expect(rows.find((r: { name: string }) => r.name === 'branin').minimisers).toHaveLength(3);
  });

  it('lists optimizers with PyTorch hyper-parameter names and defaults', async () => {
    const j = await cli('optimizers', '--json');
    const adam = JSON.parse(j.out).find((o: { name: string }) => o.name === 'adam');
    expect(adam.hyper.map((h: { name: string }) => h.name)).toEqual(expect.arrayContaining(['lr', 'beta1', 'beta2', 'eps']));
    expect((await cli('optimizers')).out).toMatch(/momentum/);
  });
});

describe('o1 run reproduces every PyTorch fixture trajectory', () => {
  for (const c of fixtures.cases) {
    const { nesterov: _n, ...hp } = c.hyperparameters;
    it(`${c.optimizer} on ${c.function}`, async () => {
      const flags = Object.entries(hp).flatMap(([k, v]) => [`--${k}`, String(v)]);
      const r = await cli('run', '--fn', c.function, '--opt', c.optimizer, ...flags, '--start', c.start.join(','), '--steps', String(c.steps), '--json');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.out);
      expect(out.x).toHaveLength(c.steps + 1);
      for (let t = 0; t <= c.steps; t++) {
        for (let i = 0; i < 2; i++) {
          const want = c.x[t][i];
          expect(Math.abs(out.x[t][i] - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
        }
      }
      for (let t = 0; t < c.steps; t++) expect(Math.abs(out.loss[t] - c.loss[t])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(c.loss[t])));
    });
  }
});

describe('bad input: one clear line, exit code 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown function with a suggestion', ['run', '--fn', 'rosenbrok', '--opt', 'adam', '--start', '0,0'], /unknown function 'rosenbrok'.*rosenbrock/],
    ['unknown optimizer with a suggestion', ['run', '--fn', 'booth', '--opt', 'adm', '--start', '0,0'], /unknown optimizer 'adm'.*adam/],
    ['a bad number', ['run', '--fn', 'booth', '--opt', 'adam', '--lr', 'fast', '--start', '0,0'], /--lr: 'fast' is not a finite number/],
    ['a wrong-length start', ['run', '--fn', 'booth', '--opt', 'adam', '--start', '1,2,3'], /--start: got 3 coordinates, the function is 2-D/],
    ['a hyper-parameter the optimizer does not have', ['run', '--fn', 'booth', '--opt', 'sgd', '--beta1', '0.5', '--start', '0,0'], /--opt sgd/],
    ['a negative lr', ['run', '--fn', 'booth', '--opt', 'sgd', '--lr', '-1', '--start', '0,0'], /lr/],
    ['an unknown flag', ['run', '--fn', 'booth', '--opt', 'sgd', '--lrr', '1'], /unknown option/],
    ['a missing model file', ['run', '--fn', 'booth', '--opt', 'o1', '--model', 'nope.json', '--start', '0,0'], /nope\.json/],
    ['an n-D request on a 2-D function', ['run', '--fn', 'beale', '--dims', '5', '--opt', 'adam'], /2-D only/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.out).toBe('');
    });
  }

  it('a broken model file names the file and the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"o1-model","version":1,"config":');
    const r = await cli('run', '--fn', 'booth', '--opt', 'o1', '--model', bad, '--start', '0,0');
    expect(r.code).toBe(2);
    expect(r.err).toContain(bad);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('user objectives from a module', () => {
  it('runs --fn-module with f, grad and domain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-mod-'));
    const mod = join(dir, 'bowl.mjs');
    writeFileSync(mod, 'export const domain = [[-2, 2], [-2, 2]];\nexport const fmin = 0;\nexport function f(x) { return (x[0] - 1) ** 2 + 3 * x[1] ** 2; }\nexport function grad(x) { return [2 * (x[0] - 1), 6 * x[1]]; }\n');
    const r = await cli('run', '--fn-module', mod, '--opt', 'momentum', '--lr', '0.05', '--steps', '300', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.finalLoss).toBeLessThan(1e-10);
  });

  it('a module without grad is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-mod-'));
    const mod = join(dir, 'nograd.mjs');
    writeFileSync(mod, 'export const dims = 2; export function f(x) { return x[0]; }\n');
    const r = await cli('run', '--fn-module', mod, '--opt', 'sgd', '--start', '0,0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/must export functions f\(x\) and grad\(x\)/);
  });
});

describe('o1 run --engine wasm and --engine ts print the same trajectory', () => {
  const cases: string[][] = [
    ['--fn', 'rosenbrock', '--opt', 'o1', '--start', '-1.5,2'],
    ['--fn', 'rastrigin', '--dims', '5', '--opt', 'o1', '--seed', '3'],
    ['--fn', 'himmelblau', '--opt', 'adam', '--lr', '0.05', '--start', '1,-1'],
    ['--fn', 'beale', '--opt', 'sgd', '--lr', '0.5', '--start', '3,3'], // diverges
  ];
  for (const c of cases) {
    it(c.join(' '), async () => {
      const w = await cli('run', ...c, '--steps', '150', '--json', '--engine', 'wasm');
      const t = await cli('run', ...c, '--steps', '150', '--json', '--engine', 'ts');
      expect(w.code, w.err).toBe(0);
      expect(t.code, t.err).toBe(0);
      const a = JSON.parse(w.out);
      const b = JSON.parse(t.out);
      expect(a.diverged).toBe(b.diverged);
      expect(a.divergedAt).toBe(b.divergedAt);
      expect(a.x.length).toBe(b.x.length);
      expect(a.loss.length).toBe(b.loss.length);
      // The WASM kernels reproduce the TS reference bit for bit (fdlibm math): demand 1e-12.
      for (let k = 0; k < a.x.length; k++)
        for (let i = 0; i < a.x[k].length; i++) expect(Math.abs(a.x[k][i] - b.x[k][i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b.x[k][i])));
      if (b.lr) expect(a.lr).toEqual(b.lr);
    });
  }
});
