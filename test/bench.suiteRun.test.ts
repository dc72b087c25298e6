// A suite plugs into the protocol with runSuite (src/bench/suiteRun.ts): a toy suite whose runs
// are made-up gaps gets its lrs tuned, o1 paired and summarised, settings and timing built once.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { runSuite } from '../src/bench/suiteRun.js';
import { lrGrid } from '../src/bench/tuning.js';
import { o1Of, type Contender, type RunRequest } from '../src/bench/protocol.js';
import { Rng, deriveSeed } from '../src/rng.js';

interface Toy {
  key: string;
  /** log10 of the lr at which a baseline does best on this problem. */
  best: number;
}
interface ToyContender extends Contender {
  gaps: number[];
}

const RUNS = 4;
/** A baseline's gaps: 10^(distance of its lr from the problem's best, in decades) × 1e-3, a little
 *  spread over runs; o1's: 2e-3 everywhere. */
function gapsOf(q: RunRequest<Toy>): number[] {
  if (q.contestant.kind === 'o1') return new Array(RUNS).fill(2e-3);
  const d = Math.abs(Math.log10(q.contestant.lr) - q.problem.best);
  return Array.from({ length: RUNS }, (_, r) => 1e-3 * 10 ** d * (1 + r / 100));
}

async function toySuite(problems: Toy[]) {
  return runSuite<Toy, number[], ToyContender>({
    problems,
    group: () => 'toy',
    baselines: ['adam', 'sgd'],
    grid: lrGrid(),
    steps: 10,
    seed: 3,
    bootstrap: 50,
    engine: 'ts',
    comparedOn: 'made-up gaps',
    run: async (requests) => requests.map(gapsOf),
    tuningGaps: (_p, r) => r,
    contender: (_p, optimizer, mode, lr, run) => ({ optimizer, mode, lr, diverged: 0, gaps: run }),
    gaps: (c) => c.gaps,
    evalRuns: () => RUNS,
    cluster: (p) => p.key,
    problemRng: (p, ...parts) => new Rng(deriveSeed(3, 'toy', p.key, ...parts)),
    summaryRng: (g, tag, ...parts) => new Rng(deriveSeed(3, 'toy', g, tag, ...parts)),
  });
}

describe('runSuite', () => {
  it('tunes, pairs and summarises any suite; settings and timing from one place', async () => {
    const r = await toySuite([{ key: 'a', best: -2 }, { key: 'b', best: -2 }]);
    // both problems are best at 1e-2: the suite lr and each per-function lr land there
    expect(r.tuning.adam.suiteLr.toy).toBeCloseTo(1e-2, 12);
    expect(r.tuning.adam.perFunctionLr).toEqual({ a: r.tuning.adam.suiteLr.toy, b: r.tuning.adam.suiteLr.toy });
    expect(r.settings).toMatchObject({ baselines: ['adam', 'sgd'], steps: 10, seed: 3, engine: 'ts', bootstrap: 50 });
    expect(r.settings.tieRule).toMatch(/^on the made-up gaps: tie when/);
    expect(Object.keys(r.timing)).toEqual(['totalSec', 'tuningSec', 'evaluationSec', 'statisticsSec']);
    // tuned baselines reach 1e-3 < o1's 2e-3 on every run: o1 loses every pair
    const row = r.summary.get('toy')!.suite.adam;
    expect(row).toMatchObject({ wins: 0, ties: 0, losses: 2 * RUNS, runs: 2 * RUNS, winRate: 0 });
    // o1 is found by its mode, not by its place
    for (const { comparison } of r.problems) {
      expect(o1Of([...comparison.contenders].reverse())).toBe(comparison.o1);
      expect(comparison.contenders).toHaveLength(1 + 2 * 2);
    }
  });

  it('a suite where the tuned lr is off for one problem: o1 wins there, per-function tuning takes it back', async () => {
    const r = await toySuite([{ key: 'a', best: -2 }, { key: 'b', best: -2 }, { key: 'c', best: 1 }]);
    const c = r.problems.find((p) => p.problem.key === 'c')!.comparison;
    expect(c.versus.suite.adam.winRate).toBe(1); // suite lr 1e-2 is 3 decades off on c
    expect(c.versus['per-function'].adam.winRate).toBe(0);
    expect(r.summariseSubset([2], 'toy', 'c-only').suite.adam.runs).toBe(RUNS);
  });
});

describe('the library', () => {
  it('exports every benchmark entry point `o1 bench` calls (run*, the JSON/text/report writers)', async () => {
    const cli = readFileSync(join(PACKAGE_ROOT, 'src', 'cli', 'commands', 'bench.ts'), 'utf8');
    const fromBench = [...cli.matchAll(/import \{([^}]*)\} from '\.\.\/\.\.\/bench\/[^']+'/g)].flatMap((m) => m[1].split(',').map((x) => x.trim()));
    const entries = fromBench.filter((n) => /^(run|write)[A-Z]|Json$|Text$/.test(n));
    expect(entries).toEqual(expect.arrayContaining(['runBenchmark', 'runHorizons', 'runPreregistered', 'runStartScale', 'runMlHorizons']));
    const lib = (await import('../src/index.js')) as Record<string, unknown>;
    for (const name of [...entries, 'runBench', 'runMlBench', 'runSuite', 'writeReportFiles']) expect(typeof lib[name], name).toBe('function');
  });
});
