// The README's step-API example runs as written: the code block after the
// "step-api-example" marker is saved inside the package (so `import … from 'o1'` resolves to
// this package through its "exports") and run with Node on the built dist/.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

function exampleBlock(): string {
  const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('<!-- step-api-example');
  expect(at).toBeGreaterThan(0);
  const m = /```js\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(m).not.toBeNull();
  return m![1];
}

describe('README', () => {
  it('the step-API example runs as written and o1 and Adam both train', () => {
    const dir = mkdtempSync(join(PACKAGE_ROOT, '.readme-example-'));
    try {
      const file = join(dir, 'example.mjs');
      writeFileSync(file, exampleBlock());
      const out = execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: dir });
      const loss = (label: string) => Number(new RegExp(`${label.replace(/[()=.]/g, '\\$&')}:? ([^\\s]+)`).exec(out)?.[1]);
      // The engine is the kernels' when they implement the default model's rule, else the reference.
      const engine = /^o1 \((wasm|ts)\): /m.exec(out)?.[1];
      expect(engine).toBeDefined();
      const start = 1.4097; // the example's loss at its starting point
      for (const label of [`o1 (${engine})`, 'adam lr=1e-3', 'adam lr=0.05']) {
        const l = loss(label);
        expect(Number.isFinite(l)).toBe(true);
        expect(l).toBeLessThan(start);
      }
      expect(out).toMatch(/resumed at step 200 for tensors of sizes 3, 1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
