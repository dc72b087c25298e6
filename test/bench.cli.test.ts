// `o1 bench` through the CLI (in-process): a tiny bench on one function with two starts, JSON,
// the report directory, a custom objective, and one clear line with exit code 2 for bad input.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';
import { saveModel } from '../src/model/io.js';
import { randomO1Model } from '../src/o1/o1.js';
import { Rng } from '../src/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'o1-bench-cli-'));
const modelFile = join(dir, 'm.json');
saveModel({ ...randomO1Model(new Rng(3)), name: 'random-3' }, modelFile);
const objective = join(dir, 'bowl.mjs');
writeFileSync(
  objective,
  `export const name = 'bowl';
export const domain = [[-3, 3], [-3, 3]];
export const fmin = 0;
export function f(x) { return (x[0] - 1) ** 2 + 3 * (x[1] + 1) ** 2; }
export function grad(x) { return [2 * (x[0] - 1), 6 * (x[1] + 1)]; }
`,
);

async function cli(...argv: string[]) {
  const io = bufferIO();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const tiny = ['bench', '--model', modelFile, '--fn', 'rosenbrock', '--suite', 'train', '--starts', '2', '--tune-starts', '2', '--steps', '20', '--opt', 'momentum,adam', '--engine', 'ts', '--bootstrap', '50'];

describe('o1 bench', () => {
  it('runs a bench on one function with two starts and prints the tables and the time', async () => {
    const r = await cli(...tiny);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/model 'random-3'/);
    expect(r.out).toMatch(/suite train — 1 function/);
    expect(r.out).toMatch(/^rosenbrock /m);
    expect(r.out).toMatch(/^momentum /m);
    expect(r.out).toMatch(/bench took [\d.]+ s on the ts engine/);
  });

  it('--json prints every number, the same for the same seed', async () => {
    const a = await cli(...tiny, '--json', '--seed', '4');
    const b = await cli(...tiny, '--json', '--seed', '4');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.err).toMatch(/bench took/);
    const j = JSON.parse(a.out);
    expect(j.settings).toMatchObject({ starts: 2, tuneStarts: 2, steps: 20, seed: 4, engine: 'ts', baselines: ['momentum', 'adam'] });
    expect(j.settings.grid).toHaveLength(25);
    expect(j.suites[0].problems[0].contenders).toHaveLength(5);
    expect(j.suites[0].summary.suite.adam.winRate).toBeGreaterThanOrEqual(0);
  });

  it('--report writes report.md, result.json and the SVG plots (into an empty directory; a full one is refused)', async () => {
    const out = join(dir, 'report');
    mkdirSync(out); // an empty directory is taken
    const r = await cli(...tiny, '--report', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/report written to/);
    for (const f of ['report.md', 'result.json', 'ecdf-train-suite.svg', 'winrate-suite.svg', 'box-rosenbrock.svg', 'paths-rosenbrock.svg']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/!\[.*\]\(paths-rosenbrock\.svg\)/);
    // Again into the same directory: refused before any work, the first report left as it was.
    const before = readFileSync(join(out, 'report.md'), 'utf8');
    const again = await cli(...tiny, '--report', out);
    expect(again.code).toBe(2);
    expect(again.out).toBe('');
    expect(again.err.trimEnd().split('\n')).toHaveLength(1);
    expect(again.err).toMatch(/--report .*report: is not empty \(box-rosenbrock\.svg, .*, … \(\d+ entries\)\); choose a new or empty directory, or delete it/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(before);
  });

  it('benchmarks a --fn-module objective in the custom suite', async () => {
    const r = await cli('bench', '--model', modelFile, '--fn-module', objective, '--suite', 'custom', '--starts', '2', '--tune-starts', '2', '--steps', '20', '--opt', 'adam', '--engine', 'ts', '--bootstrap', '50', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.suites.map((s: { name: string }) => s.name)).toEqual(['custom']);
    expect(j.suites[0].problems[0]).toMatchObject({ key: 'bowl', fmin: 0, fminEstimated: false });
  });

  const bad: [string[], RegExp][] = [
    [['--suite', 'bogus'], /--suite: 'bogus' is not one of train, heldout, nd, custom/],
    [['--suite', 'custom'], /--suite custom needs --fn-module/],
    [['--opt', 'adamm'], /unknown optimizer 'adamm'.*did you mean adam/],
    [['--opt', 'o1'], /o1 is always benchmarked/],
    [['--fn', 'rosenbrok'], /unknown function 'rosenbrok'/],
    [['--starts', '0'], /--starts: '0' must be an integer ≥ 1/],
    [['--steps', 'x'], /--steps: 'x' is not a finite number/],
    [['--engine', 'gpu'], /--engine: 'gpu' is not one of wasm, ts/],
    [['--model', join(dir, 'missing.json')], /model '.*missing\.json' is neither a file nor a model id/],
    [['--fn-module', join(dir, 'nope.mjs'), '--suite', 'custom'], /objective module .* not found/],
  ];
  for (const [flags, message] of bad) {
    it(`bad input ${flags.join(' ')} → one line, exit 2`, async () => {
      const base = ['bench', '--model', modelFile, '--starts', '2', '--tune-starts', '2', '--steps', '5', '--engine', 'ts', '--fn', 'booth'];
      const r = await cli(...base, ...flags);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  }
});
