// The TF.js examples run as written: README's block after the "tfjs-example" marker and every
// block of docs/TFJS.md after a "runs:" marker are saved inside the package (so `import … from
// 'o1/tfjs'` resolves to this package through its "exports") and run with Node on the built
// dist/ (TF.js's cpu backend in Node: O1Optimizer on its host path).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

function blocksAfter(file: string, marker: string): string[] {
  const text = readFileSync(join(PACKAGE_ROOT, file), 'utf8');
  const out: string[] = [];
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
    const m = /```js\n([\s\S]*?)```/.exec(text.slice(at));
    if (m) out.push(m[1]);
  }
  return out;
}

function runExample(code: string): string {
  const dir = mkdtempSync(join(PACKAGE_ROOT, '.readme-example-'));
  try {
    const file = join(dir, 'example.mjs');
    writeFileSync(file, code);
    return execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('TF.js examples', () => {
  it("README's TF.js block runs as written: o1 trains, saves with its state and loads back", () => {
    const [code] = blocksAfter('README.md', '<!-- tfjs-example');
    expect(code).toMatch(/new O1Optimizer\(\)/);
    const out = runExample(code);
    const m = /o1 \((\w+) path, (\w+) backend\): loss ([\d.]+) -> ([\d.]+)/.exec(out);
    expect(m, out).not.toBeNull();
    expect([m![1], m![2]]).toEqual(['host', 'cpu']);
    expect(Number(m![4])).toBeLessThan(Number(m![3]));
    expect(out).toMatch(/loaded with O1Optimizer after 80 steps/); // 10 epochs × 8 batches
  });

  it('docs/TFJS.md: every block marked to run runs', () => {
    const blocks = blocksAfter('docs/TFJS.md', '<!-- runs: test/readme.tfjs.test.ts');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const code of blocks) expect(runExample(code)).toMatch(/\S/);
  });
});
