// Nothing a user makes is lost: `o1 train` never writes over an earlier run's directory or a
// saved model, --resume continues in the run's own directory under its own name, and --name
// saves into the user's models/ (or $O1_MODELS_DIR). The CLI is spawned as a user runs it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

const bin = join(PACKAGE_ROOT, 'bin', 'o1.js');
const SMALL = ['--generations', '2', '--population', '6', '--starts', '2', '--steps', '20', '--functions', 'himmelblau', '--seed', '3', '--workers', '1', '--checkpoint-every', '1'];

function o1(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').pop()!);

describe('o1 train keeps every run', () => {
  it('a second run with the default directory goes to runs/NAME-2; the first is untouched', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'o1-runs-'));
    const a = o1(cwd, ['train', ...SMALL, '--json']);
    expect(a.code, a.err).toBe(0);
    expect(lastJson(a.out).out).toBe(join('runs', 'train-seed3'));
    const before = readFileSync(join(cwd, 'runs', 'train-seed3', 'model.json'), 'utf8');
    const b = o1(cwd, ['train', ...SMALL, '--json']);
    expect(b.code, b.err).toBe(0);
    expect(lastJson(b.out)).toMatchObject({ out: join('runs', 'train-seed3-2'), model: join('runs', 'train-seed3-2', 'model.json') });
    expect(readFileSync(join(cwd, 'runs', 'train-seed3', 'model.json'), 'utf8')).toBe(before);
    expect(existsSync(join(cwd, 'runs', 'train-seed3-2', 'model.json'))).toBe(true);
  }, 60_000);

  it('an explicit --out that holds a run is refused with exit 2 and a hint', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'o1-runs-'));
    mkdirSync(join(cwd, 'mine'));
    writeFileSync(join(cwd, 'mine', 'curve.csv'), 'precious\n');
    const r = o1(cwd, ['train', ...SMALL, '--out', 'mine']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out mine: holds an earlier run \(curve\.csv\); choose another --out, continue it with --resume/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(cwd, 'mine', 'curve.csv'), 'utf8')).toBe('precious\n');
  });

  it('--name saves into ./models or $O1_MODELS_DIR, refuses an existing name, and --resume keeps name and directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'o1-runs-'));
    const env = { O1_MODELS_DIR: join(cwd, 'my-models') };
    // Interrupt after generation 1 by asking for 1 generation, then extend it on resume.
    const first = o1(cwd, ['train', ...SMALL, '--generations', '1', '--name', 'mine', '--json'], env);
    expect(first.code, first.err).toBe(0);
    expect(lastJson(first.out).model).toBe(join(cwd, 'my-models', 'mine.json'));
    expect(existsSync(join(PACKAGE_ROOT, 'models', 'mine.json'))).toBe(false);
    // The same name again: refused before any training, the model untouched.
    const again = o1(cwd, ['train', ...SMALL, '--name', 'mine'], env);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/--name mine: .*mine\.json exists; choose another --name or delete it/);
    // Without $O1_MODELS_DIR the registry is ./models of the working directory.
    const local = o1(cwd, ['train', ...SMALL, '--generations', '1', '--name', 'here', '--json']);
    expect(local.code, local.err).toBe(0);
    expect(lastJson(local.out).model).toBe(join(cwd, 'models', 'here.json'));
    // Resume a run made with --out: same directory and name without repeating them.
    const run = o1(cwd, ['train', ...SMALL, '--generations', '1', '--out', 'exp', '--json']);
    expect(run.code, run.err).toBe(0);
    const resumed = o1(cwd, ['train', '--resume', join('exp', 'checkpoint.json'), '--generations', '2', '--json']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(lastJson(resumed.out)).toMatchObject({ name: 'train-seed3', out: 'exp', model: join('exp', 'model.json'), generations: 2 });
    expect(existsSync(join(cwd, 'runs', 'train-seed3'))).toBe(false);
  }, 90_000);
});
