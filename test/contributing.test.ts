// CONTRIBUTING.md's four additions, made for real in temporary copies of the tree by
// scripts/count-additions.mjs: the files each touches are the files its section lists, as many
// as it says. The fast form (edits and counts) runs in every `npm test`; with O1_SLOW=1 the
// script also typechecks each copy, builds its kernels and runs the addition's tests (minutes,
// so not in the default run).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

interface Entry {
  addition: string;
  touched: string[];
  documented: string[];
  stated?: number;
  ok: boolean;
  error?: string;
  checks: { what: string; seconds: number }[];
}

function countAdditions(fast: boolean): Entry[] {
  const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'scripts/count-additions.mjs'), '--json', ...(fast ? ['--fast'] : [])], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  expect(r.stdout, r.stderr).toMatch(/^\[/);
  return JSON.parse(r.stdout) as Entry[];
}

function expectCounted(report: Entry[]): void {
  expect(report.map((e) => e.addition)).toEqual(['function', 'optimizer', 'feature-set', 'ml-task']);
  for (const e of report) {
    expect(e.error, e.addition).toBeUndefined();
    expect(e.touched, e.addition).toEqual(e.documented);
    expect(e.touched.length, e.addition).toBe(e.stated);
    expect(e.ok, e.addition).toBe(true);
  }
}

describe("CONTRIBUTING.md's additions", () => {
  it('each touches exactly the files its section lists (edits and counts)', () => {
    expectCounted(countAdditions(true));
  }, 180_000); // user CPU ≈ 3 s; at load 24 on 2 cores it took 31 s (four tree copies, the TS tables read through ts-hooks)

  it.runIf(process.env.O1_SLOW === '1')(
    'each is complete: it typechecks, its kernels build and its tests pass (O1_SLOW=1)',
    () => {
      const report = countAdditions(false);
      expectCounted(report);
      for (const e of report) expect(e.checks.some((c) => c.what.startsWith('vitest')), e.addition).toBe(true);
    },
    1_800_000,
  );
});
