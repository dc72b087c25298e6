// `o1 models` gives every model one common score (issue 24 item 9): each model run on the same
// fixed tasks (training's default validation set at seed 1, src/train/commonScore.ts), not the
// number its own training run recorded (each run's validation set differs, so those are not
// comparable: the shipped model looked worst by them).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { getEngine } from '../src/engine/index.js';
import { loadModel } from '../src/model/io.js';
import { modelToJson } from '../src/model/json.js';
import { commonScore, commonScoreConfig } from '../src/train/commonScore.js';
import { DEFAULT_TRAIN_CONFIG } from '../src/train/config.js';
import { PACKAGE_ROOT } from '../src/paths.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  try {
    const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s), columns: 200 } as never);
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

describe('the common score', () => {
  it('is on the default training config at seed 1, depends on the weights only, and on both engines the same', async () => {
    expect(commonScoreConfig()).toEqual({ ...DEFAULT_TRAIN_CONFIG, seed: 1 });
    const m = loadModel(join(PACKAGE_ROOT, 'models', 'default.json'));
    const wasm = commonScore(await getEngine('wasm'), m);
    expect(commonScore(await getEngine('ts'), m)).toBe(wasm);
    expect(commonScore(await getEngine('wasm'), { ...m, provenance: { fitness: { validation: 99 } } })).toBe(wasm);
    const other = loadModel(join(PACKAGE_ROOT, 'models', 'generalist-v2.json'));
    expect(commonScore(await getEngine('wasm'), other)).not.toBe(wasm);
  });

  it('o1 models: a score column (not the runs\' own validation) and what it is; --json has both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-models-score-'));
    const m = loadModel(join(PACKAGE_ROOT, 'models', 'generalist-v2.json'));
    // A registry model whose own validation claims a great number: the score ignores it.
    writeFileSync(join(dir, 'mine.json'), modelToJson({ ...m, name: 'mine', provenance: { fitness: { validation: -11 } } }));
    const r = await cli(['models'], { O1_MODELS_DIR: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/\bscore\b/);
    expect(r.out).not.toMatch(/\bvalidation +created/);
    expect(r.out).toMatch(/score: every model on the same tasks — o1 train's default validation set at seed 1/);
    const j = await cli(['models', '--json'], { O1_MODELS_DIR: dir });
    const rows = JSON.parse(j.out) as { id: string; score: number; validation?: number }[];
    const mine = rows.find((x) => x.id === 'mine')!;
    const v2 = rows.find((x) => x.id === 'generalist-v2')!;
    expect(mine.validation).toBe(-11);
    expect(mine.score).toBe(v2.score); // same weights, same score, whatever the provenance says
    expect(rows.every((x) => Number.isFinite(x.score))).toBe(true);
  });
});
