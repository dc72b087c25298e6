// Meta-training: the same seed gives the same model for any worker count, and a run that is
// interrupted (stop request, SIGINT, SIGKILL) and resumed ends exactly where an uninterrupted
// one does. Also: bad configs give one clear error.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTrainConfig } from '../src/train/config.js';
import { initialCheckpoint, train, type Checkpoint } from '../src/train/train.js';
import { inProcessEvaluator, threadEvaluator } from '../src/train/pool.js';
import { loadCheckpoint, saveCheckpoint } from '../src/train/checkpoint.js';
import { modelToJson } from '../src/model/json.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';

const small = (engine: 'wasm' | 'ts', extra: Record<string, unknown> = {}) =>
  makeTrainConfig({ generations: 4, population: 6, starts: 4, steps: 40, functions: ['rosenbrock', 'himmelblau'], seed: 5, engine, checkpointEvery: 1, ...extra }, 'test');

const fingerprint = (r: { model: { weights: Float64Array }; history: unknown }) =>
  Buffer.from(r.model.weights.buffer).toString('hex') + JSON.stringify(r.history);

describe('training is reproducible', () => {
  for (const strategy of ['notebook', 'openai-es', 'cmaes']) {
    it(`${strategy}: 1 worker and 2 worker threads give the byte-identical model`, async () => {
      const cfg = small('wasm', { strategy });
      const one = await inProcessEvaluator('wasm');
      const two = await threadEvaluator('wasm', 2);
      try {
        const a = await train(initialCheckpoint(cfg), one);
        const b = await train(initialCheckpoint(cfg), two);
        expect(fingerprint(b)).toBe(fingerprint(a));
        expect(a.history).toHaveLength(4);
      } finally {
        await two.close();
      }
    });
  }

  /** The config trained in process and on 3 worker threads: the same model, byte for byte. */
  async function expectThreeThreadsMatchOne(cfg: ReturnType<typeof small>): Promise<void> {
    const three = await threadEvaluator('wasm', 3);
    try {
      const a = await train(initialCheckpoint(cfg), await inProcessEvaluator('wasm'));
      const b = await train(initialCheckpoint(cfg), three);
      expect(fingerprint(b)).toBe(fingerprint(a));
    } finally {
      await three.close();
    }
  }

  it('without common random numbers (per-agent tasks), 3 worker threads = 1 worker, byte for byte', async () => {
    await expectThreeThreadsMatchOne(small('wasm', { crn: false, generations: 3 }));
  });

  it('an ML task and horizons fitness: 3 worker threads = 1 worker, byte for byte', async () => {
    await expectThreeThreadsMatchOne(small('wasm', { generations: 2, mlTasks: 1, fitness: 'horizons', horizons: [10, 40] }));
  });

  it('the TS engine trains too (the oracle), close to the WASM result', async () => {
    const cfg = small('ts');
    const r = await train(initialCheckpoint(cfg), await inProcessEvaluator('ts'));
    const w = await train(initialCheckpoint(small('wasm')), await inProcessEvaluator('wasm'));
    expect(r.history).toHaveLength(4);
    // Same candidates, fitness equal to the engines' agreement: the first generation matches.
    expect(Math.abs(r.history[0].best - w.history[0].best)).toBeLessThan(1e-9);
  });

  it('a stopped run resumed from its checkpoint file ends identical to an uninterrupted one', async () => {
    const cfg = small('wasm', { strategy: 'cmaes' });
    const ev = await inProcessEvaluator('wasm');
    const full = await train(initialCheckpoint(cfg), ev);
    const dir = mkdtempSync(join(tmpdir(), 'o1-ckpt-'));
    const file = join(dir, 'checkpoint.json');
    let gens = 0;
    const part = await train(initialCheckpoint(cfg), ev, { stopRequested: () => ++gens === 2, onCheckpoint: (c: Checkpoint) => saveCheckpoint(c, file) });
    expect(part.completed).toBe(false);
    const resumed = await train(loadCheckpoint(file), ev);
    expect(resumed.completed).toBe(true);
    expect(fingerprint(resumed)).toBe(fingerprint(full));
  });
});

const bin = join(PACKAGE_ROOT, 'bin', 'o1.js');
const trainArgs = (out: string, generations = 6) => ['train', '--generations', String(generations), '--population', '6', '--starts', '4', '--steps', '40', '--functions', 'rosenbrock,himmelblau', '--seed', '9', '--workers', '1', '--checkpoint-every', '1', '--out', out, '--quiet'];

function modelWithoutRunFacts(file: string): string {
  const m = JSON.parse(readFileSync(file, 'utf8'));
  delete m.provenance.run; // date, duration and worker count: the only non-reproducible facts
  return JSON.stringify(m);
}

describe('o1 train (CLI)', () => {
  it('a run killed with SIGKILL and resumed gives the same model file as an uninterrupted run', async () => {
    const base = mkdtempSync(join(tmpdir(), 'o1-kill-'));
    const full = spawnSync(process.execPath, [bin, ...trainArgs(join(base, 'full'))], { encoding: 'utf8' });
    expect(full.status, full.stderr).toBe(0);

    const out = join(base, 'killed');
    const child = spawn(process.execPath, [bin, ...trainArgs(out)], { stdio: 'ignore' });
    const ckpt = join(out, 'checkpoint.json');
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (existsSync(ckpt)) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() - started > 30_000) {
          clearInterval(poll);
          child.kill('SIGKILL');
          reject(new Error('no checkpoint within 30 s'));
        }
      }, 5);
    });
    await new Promise((r) => child.on('exit', r));
    const killedAt = JSON.parse(readFileSync(ckpt, 'utf8')).generation;
    expect(killedAt).toBeGreaterThanOrEqual(1);
    const resumed = spawnSync(process.execPath, [bin, 'train', '--resume', ckpt, '--out', out, '--quiet'], { encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(modelWithoutRunFacts(join(out, 'model.json'))).toBe(modelWithoutRunFacts(join(base, 'full', 'model.json')));
    expect(readFileSync(join(out, 'curve.csv'), 'utf8')).toBe(readFileSync(join(base, 'full', 'curve.csv'), 'utf8'));
  }, 120_000);

  it('SIGINT writes a checkpoint, exits 130 and says how to resume', async () => {
    const out = mkdtempSync(join(tmpdir(), 'o1-int-'));
    const args = trainArgs(out, 1_000_000);
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(join(out, 'checkpoint.json'))) {
          clearInterval(poll);
          child.kill('SIGINT');
          resolve();
        }
      }, 5);
    });
    // Never leave a runaway child behind (it would train for a million generations).
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise((r) => child.on('exit', r));
    clearTimeout(guard);
    expect(code).toBe(130);
    expect(err).toMatch(/resume with: o1 train --resume/);
    expect(loadCheckpoint(join(out, 'checkpoint.json')).generation).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('writes the curve (CSV, JSON, SVG) and the model (JSON and text)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'o1-files-'));
    const io = bufferIO();
    const code = await main(trainArgs(out).filter((a) => a !== '--quiet'), io);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    for (const f of ['curve.csv', 'curve.json', 'curve.svg', 'model.json', 'model.txt', 'checkpoint.json']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'curve.csv'), 'utf8').trim().split('\n')).toHaveLength(7);
    expect(readFileSync(join(out, 'curve.svg'), 'utf8')).toMatch(/<path class="series"/);
    expect(io.stdout).toMatch(/gen 6\/6/);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(model.provenance.seed).toBe(9);
    expect(model.provenance.trainConfig.functions).toEqual(['rosenbrock', 'himmelblau']);
  }, 60_000);

  it('--json prints one JSON object per generation, numbered as the text output, then the model record', async () => {
    const out = mkdtempSync(join(tmpdir(), 'o1-json-'));
    const io = bufferIO();
    expect(await main([...trainArgs(out).filter((a) => a !== '--quiet'), '--json'], io)).toBe(0);
    const lines = io.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(lines.slice(0, 6).map((l) => l.generation)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines[5]).toMatchObject({ generation: 6, generations: 6 });
    expect(typeof lines[5].runStepsPerSec).toBe('number');
    const done = lines[6];
    expect(done).toMatchObject({ done: true, model: join(out, 'model.json'), out });
    expect(existsSync(done.model)).toBe(true);
    expect(done.validation).toBe(JSON.parse(readFileSync(done.model, 'utf8')).provenance.fitness.validation);
  }, 60_000);

  it('a broken config gives one clear error and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-cfg-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ generatons: 3, population: -1, functions: ['rosenbrok'] }));
    const io = bufferIO();
    expect(await main(['train', '--config', bad], io)).toBe(2);
    expect(io.stderr).toMatch(/unknown setting "generatons" \(did you mean "generations"\?\)/);
    expect(io.stderr).toMatch(/"population" must be ≥ 2/);
    expect(io.stderr).toMatch(/unknown function "rosenbrok" \(did you mean rosenbrock/);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    writeFileSync(bad, '{ not json');
    const io2 = bufferIO();
    expect(await main(['train', '--config', bad], io2)).toBe(2);
    expect(io2.stderr).toMatch(/not a JSON object/);
    const io3 = bufferIO();
    expect(await main(['train', '--strategy', 'cma'], io3)).toBe(2);
    expect(io3.stderr).toMatch(/"strategy" must be one of/);
  });

  it('trains on a user module next to a built-in function, in worker threads too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-usermod-'));
    const mod = join(dir, 'bowl.mjs');
    writeFileSync(mod, 'export const domain = [[-3, 3], [-3, 3]];\nexport const fmin = 0;\nexport function f(x) { return (x[0] - 1) ** 2 + 10 * x[1] ** 2; }\nexport function grad(x) { return [2 * (x[0] - 1), 20 * x[1]]; }\n');
    const outs = [1, 2].map((w) => join(dir, `w${w}`));
    for (const [k, out] of outs.entries()) {
      const io = bufferIO();
      const args = ['train', '--functions', `himmelblau,${mod}`, '--generations', '3', '--population', '6', '--starts', '4', '--steps', '30', '--seed', '2', '--workers', String(k + 1), '--out', out, '--quiet'];
      expect(await main(args, io), io.stderr).toBe(0);
    }
    const [a, b] = outs.map((o) => JSON.parse(readFileSync(join(o, 'model.json'), 'utf8')));
    expect(a.weights).toEqual(b.weights);
    expect(a.provenance.trainConfig.functions[1]).toBe(mod);
    const io = bufferIO();
    writeFileSync(join(dir, 'nofmin.mjs'), 'export const domain = [[-1, 1]];\nexport function f(x) { return x[0] ** 2; }\nexport function grad(x) { return [2 * x[0]]; }\n');
    expect(await main(['train', '--functions', join(dir, 'nofmin.mjs'), '--dims', '1', '--generations', '1', '--out', join(dir, 'bad')], io)).toBe(2);
    expect(io.stderr).toMatch(/export fmin/);
  }, 60_000);

  it('a damaged checkpoint is refused clearly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-bad-ckpt-'));
    const f = join(dir, 'c.json');
    writeFileSync(f, '{"format":"o1-train-checkpoint","version":1,"config":{},"generation":3,"history":[],"strategyState":{}}');
    const io = bufferIO();
    expect(await main(['train', '--resume', f], io)).toBe(2);
    expect(io.stderr).toMatch(/damaged/);
  });
});

// Keep the model JSON writer exercised on a trained model (round trip through the file format).
it('a trained model serialises', async () => {
  const r = await train(initialCheckpoint(small('wasm', { generations: 1 })), await inProcessEvaluator('wasm'));
  expect(modelToJson(r.model)).toMatch(/"weights"/);
});
