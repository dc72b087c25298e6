// Your own objective: the example module in examples/ runs with the README's command exactly as
// written, and a module whose gradient has the wrong shape is the user's input error (exit 2,
// one line), never "internal error … this is a bug".
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

const bin = join(PACKAGE_ROOT, 'bin', 'o1.js');
const o1 = (args: string[], cwd = PACKAGE_ROOT) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('examples/my-objective.mjs', () => {
  it("the README's --fn-module line runs as written and reaches the module's minimum", () => {
    const line = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8').split('\n').find((l) => l.includes('--fn-module ./examples/'));
    expect(line, 'README has the --fn-module example line').toBeDefined();
    const args = line!.replace(/#.*$/, '').trim().split(/\s+/);
    expect(args.slice(0, 2)).toEqual(['npx', 'o1']);
    const r = o1([...args.slice(2), '--json']);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.function).toBe('tilted-valley');
    expect(out.finalLoss).toBeLessThan(1e-6);
    const last = out.x[out.x.length - 1];
    expect(Math.abs(last[0] - 1)).toBeLessThan(1e-3);
    expect(Math.abs(last[1] + 0.5)).toBeLessThan(1e-3);
  });

  it("the example's gradient matches central finite differences", async () => {
    const mod = await import(join(PACKAGE_ROOT, 'examples', 'my-objective.mjs'));
    for (const p of [[0.3, -1.2], [2.5, 1], [-2, -2.7]]) {
      const g = mod.grad(p);
      for (let i = 0; i < 2; i++) {
        const h = 1e-6;
        const a = [...p];
        const b = [...p];
        a[i] += h;
        b[i] -= h;
        expect(Math.abs(g[i] - (mod.f(a) - mod.f(b)) / (2 * h))).toBeLessThan(1e-5 * Math.max(1, Math.abs(g[i])));
      }
    }
  });
});

describe('a module whose gradient has the wrong length', () => {
  const dir = mkdtempSync(join(tmpdir(), 'o1-badgrad-'));
  const bad = join(dir, 'bad.mjs');
  writeFileSync(bad, 'export const domain = [[-1, 1], [-1, 1]];\nexport const fmin = 0;\nexport function f(x) { return x[0] ** 2 + x[1] ** 2; }\nexport function grad(x) { return [2 * x[0], 2 * x[1], 0]; }\n');
  const notArray = join(dir, 'scalar.mjs');
  writeFileSync(notArray, 'export const dims = 2;\nexport function f(x) { return x[0] ** 2; }\nexport function grad(x) { return 2 * x[0]; }\n');
  for (const [what, args, msg] of [
    ['o1 run', ['run', '--fn-module', bad, '--opt', 'adam'], /objective module '[^']*bad\.mjs': grad\(x\) returned 3 values for a 2-D point/],
    ['o1 run, a number instead of an array', ['run', '--fn-module', notArray, '--opt', 'sgd', '--start', '1,1'], /grad\(x\) returned number 2, not an array/],
    ['o1 bench', ['bench', '--fn-module', bad, '--suite', 'custom', '--starts', '2', '--tune-starts', '2', '--steps', '5'], /grad\(x\) returned 3 values/],
  ] as const) {
    it(`${what}: exit 2, one line, no "internal error"`, () => {
      const r = o1([...args], dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err).not.toMatch(/internal error|this is a bug/);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  }
});
