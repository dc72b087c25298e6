// The training output says what its numbers are (issue 24 item 10): each generation line names the
// candidates' numbers (fresh training tasks) apart from the answer's (fixed validation tasks), the
// output explains why the best candidate can rise while validation falls, and the final "done"
// line says which answer the model is — with --select validation its validation is the selected
// generation's line's number, exactly.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

async function train(extra: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'o1-train-words-'));
  let out = '';
  let err = '';
  const code = await main(['train', '--generations', '3', '--population', '6', '--out', join(dir, 'run'), ...extra], { out: (s) => void (out += s), err: (s) => void (err += s) } as never);
  return { code, out, err, dir };
}

describe('o1 train output wording', () => {
  it('--select validation: the done line names the generation and repeats its validation', async () => {
    const r = await train(['--select', 'validation']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/each generation: candidates' best and median: this generation's fresh training tasks .* can rise while the answer improves/);
    const lines = [...r.out.matchAll(/^gen (\d+)\/3 {2}candidates: best \S+ median \S+ {2}answer: validation (\S+)/gm)].map((m) => [Number(m[1]), m[2]] as const);
    expect(lines).toHaveLength(3);
    const done = /done in .*: the model is the answer of gen (\d+) \(best validation: its line's number\); validation (\S+) /.exec(r.out);
    expect(done, r.out).not.toBeNull();
    const gen = Number(done![1]);
    expect(done![2]).toBe(lines.find(([g]) => g === gen)![1]);
    // the chosen line is the lowest validation
    expect(Math.min(...lines.map(([, v]) => Number(v)))).toBe(Number(done![2]));
    const svg = readFileSync(join(r.dir, 'run', 'curve.svg'), 'utf8');
    expect(svg).toMatch(/answer \(fixed validation tasks\)/);
    expect(svg).toMatch(/best candidate \(fresh tasks\)/);
  });

  it('the default (select last): the done line says no generation line scores that answer', async () => {
    const r = await train([]); // no --name: the model goes into --out
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/the model is the answer after gen 3's update \(no gen line scores it/);
  });
});
