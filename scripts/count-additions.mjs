#!/usr/bin/env node
// Makes each of CONTRIBUTING.md's four additions — a test function, an optimizer, a feature set,
// an ML task — in a temporary copy of this tree, counts the files it touched (by comparing the
// copy with the tree, not by trusting the edit list) and checks them against the files the
// section of CONTRIBUTING.md names. Then, unless --fast, it proves the addition is complete:
// the kernel constants regenerated, `tsc --noEmit`, the asc build of assembly/index.ts (both
// targets) for the additions with a kernel, and the tests that cover the addition.
//
//   node scripts/count-additions.mjs            all four, with the checks (minutes: test/contributing.test.ts runs it with O1_SLOW=1)
//   node scripts/count-additions.mjs --fast     edits and counts only (seconds: npm test runs this)
//   node scripts/count-additions.mjs --only function,ml-task --keep   some of them; keep the copies
//
// Exit 0 when every count matches, 1 otherwise (one line per mismatch). The edits below are
// anchored on text in today's files: when a file is reorganised, the anchor that no longer
// matches is reported, and this script and CONTRIBUTING.md are updated together.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { fast: { type: 'boolean', default: false }, only: { type: 'string' }, keep: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});

// What a copy needs to typecheck, build the kernels and run tests; docs and the web demo are
// not part of any addition. Build outputs are not sources and are not counted.
const COPY_SKIP = /^(docs|web|e2e|\.ci)\//;
const NOT_SOURCE = /^(build|dist|node_modules|assembly\/generated)\//;

/** @typedef {{ create: string, text: string } | { file: string, find: string, replace: string }} Edit */
/** @typedef {{ key: string, name: string, kernel: boolean, edits: Edit[], tests: string[][] }} Addition */

/** @type {Addition[]} */
const ADDITIONS = [
  {
    key: 'function',
    name: 'sumsquares',
    kernel: true,
    tests: [['test/functions.test.ts', 'test/bench.heldout.test.ts', 'test/engine.abi.test.ts'], ['test/engine.equivalence.test.ts', '-t', 'sumsquares']],
    edits: [
      {
        create: 'src/functions/sumsquares.ts',
        text: `import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

/** f(x) = Σ i·xᵢ² (i from 1): a convex bowl whose curvature grows along the axes. */
export const sumSquares: TestFunction = {
  name: 'sumsquares',
  id: 26,
  description: 'Σ i·xᵢ², convex bowl of growing curvature',
  tags: ['bowl', 'convex', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -10, 10),
  minimisers: (n) => {
    requireDims('sumsquares', n);
    return [filled(n, 0)];
  },
  fmin: () => 0,
  f(x: Vec): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += (i + 1) * x[i] * x[i];
    return s;
  },
  grad(x: Vec, g: MutVec): number {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      s += (i + 1) * xi * xi;
      g[i] = 2 * (i + 1) * xi;
    }
    return s;
  },
};
`,
      },
      { file: 'src/functions/index.ts', find: "import { levy } from './levy.js';\n", replace: "import { levy } from './levy.js';\nimport { sumSquares } from './sumsquares.js';\n" },
      { file: 'src/functions/index.ts', find: 'trid, sumPowers, levy,\n];', replace: 'trid, sumPowers, levy, sumSquares,\n];' },
      { file: 'assembly/functions.ts', find: 'FN_SUMPOWERS, FN_LEVY,\n}', replace: 'FN_SUMPOWERS, FN_LEVY, FN_SUMSQUARES,\n}' },
      { file: 'assembly/functions.ts', find: '    case FN_LEVY:\n      return true;', replace: '    case FN_LEVY: case FN_SUMSQUARES:\n      return true;' },
      { file: 'assembly/functions.ts', find: '    case FN_LEVY: return levy<T>(n, stride, x, g);\n', replace: '    case FN_LEVY: return levy<T>(n, stride, x, g);\n    case FN_SUMSQUARES: return sumSquares<T>(n, stride, x, g);\n' },
      {
        file: 'assembly/functions.ts',
        find: 'function sphere<T>(',
        replace: `function sumSquares<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let s = c<T>(0);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    s = vadd<T>(s, vmul<T>(vmul<T>(c<T>(<f64>(i + 1)), xi), xi));
    vstore<T>(g + off, vmul<T>(c<T>(<f64>(2 * (i + 1))), xi));
  }
  return s;
}

function sphere<T>(`,
      },
      // the registry test counts the functions on purpose (a table entry lost in a merge fails it)
      { file: 'test/functions.test.ts', find: 'expect(FUNCTIONS).toHaveLength(25);', replace: 'expect(FUNCTIONS).toHaveLength(26);' },
    ],
  },
  {
    key: 'optimizer',
    name: 'signsgd',
    kernel: true,
    tests: [['test/optimizers.test.ts', 'test/optimizers.signsgd.test.ts', 'test/engine.abi.test.ts'], ['test/engine.equivalence.test.ts', '-t', 'rosenbrock: o1']],
    edits: [
      {
        create: 'src/optimizers/signsgd.ts',
        text: `// Sign descent (signSGD): x ← x − lr·sign(g), Rprop's step without its adaptation.
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';

export const signsgd: OptimizerSpec = {
  name: 'signsgd',
  id: 15,
  description: 'sign descent: every coordinate moves by lr against the sign of its gradient',
  hyper: [{ name: 'lr', default: 0.001, min: 0, description: 'the step of every coordinate' }],
  kernel: { kernel: 'signsgd', hyper: { lr: (h) => h.lr }, buffers: [], scalars: [] },
  create(h: Hyper): Stepper {
    const lr = h.lr;
    return {
      init: (): OptState => ({ t: 0 }),
      step(x: Float64Array, g: Float64Array, state: OptState): void {
        state.t++;
        for (let i = 0; i < x.length; i++) x[i] = x[i] - (g[i] > 0 ? 1 : g[i] < 0 ? -1 : 0) * lr;
      },
    };
  },
};
`,
      },
      { file: 'src/optimizers/index.ts', find: "import { adamwCosine, momentumCosine } from './cosine.js';\n", replace: "import { adamwCosine, momentumCosine } from './cosine.js';\nimport { signsgd } from './signsgd.js';\n" },
      { file: 'src/optimizers/index.ts', find: 'dogAvg, adamwScheduleFreePaper,\n];', replace: 'dogAvg, adamwScheduleFreePaper, signsgd,\n];' },
      {
        create: 'assembly/optimizers/signsgd.ts',
        text: `// Sign descent, src/optimizers/signsgd.ts: x ← x − sign(g)·lr.
import { vload, vsignTimes, vsplat, vstore, vsub } from '../lanes';
import { SIGNSGD_LR } from '../generated/abi';
import { hyperAt } from './block';

export function signsgdStep<T>(n: i32, stride: usize, x: usize, g: usize, hyper: usize): void {
  const lr = vsplat<T>(hyperAt(hyper, SIGNSGD_LR));
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vsignTimes<T>(vload<T>(g + ci), lr)));
  }
}
`,
      },
      { file: 'assembly/baselines.ts', find: 'OPT_MOMENTUM_COSINE, ADAMW_SCHEDULE_FREE_BUFFERS,', replace: 'OPT_MOMENTUM_COSINE, OPT_SIGNSGD, SIGNSGD_BUFFERS, SIGNSGD_SCALARS, ADAMW_SCHEDULE_FREE_BUFFERS,' },
      { file: 'assembly/baselines.ts', find: "import { adamwScheduleFreeEvalPoint, adamwScheduleFreeStep } from './optimizers/adamwScheduleFree';\n", replace: "import { adamwScheduleFreeEvalPoint, adamwScheduleFreeStep } from './optimizers/adamwScheduleFree';\nimport { signsgdStep } from './optimizers/signsgd';\n" },
      { file: 'assembly/baselines.ts', find: '    case OPT_MOMENTUM_COSINE:\n      return true;', replace: '    case OPT_MOMENTUM_COSINE: case OPT_SIGNSGD:\n      return true;' },
      {
        file: 'assembly/baselines.ts',
        find: '      fillState<T>(state, ADAMW_SCHEDULE_FREE_BUFFERS, ADAMW_SCHEDULE_FREE_SCALARS, n, stride, 0);\n      break;\n',
        replace: '      fillState<T>(state, ADAMW_SCHEDULE_FREE_BUFFERS, ADAMW_SCHEDULE_FREE_SCALARS, n, stride, 0);\n      break;\n    case OPT_SIGNSGD: fillState<T>(state, SIGNSGD_BUFFERS, SIGNSGD_SCALARS, n, stride, 0); break;\n',
      },
      {
        file: 'assembly/baselines.ts',
        find: '      adamwScheduleFreeStep<T>(t, n, stride, x, g, state, hyper, table, lrOut);\n      break;\n',
        replace: '      adamwScheduleFreeStep<T>(t, n, stride, x, g, state, hyper, table, lrOut);\n      break;\n    case OPT_SIGNSGD: signsgdStep<T>(n, stride, x, g, hyper); break;\n',
      },
      {
        // PyTorch has no signSGD, so no fixture: its rule checked by hand (the WASM ≡ TS check
        // is test/engine.equivalence.test.ts, which runs every baseline of the table)
        create: 'test/optimizers.signsgd.test.ts',
        text: `import { describe, expect, it } from 'vitest';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';

describe('signsgd', () => {
  it('moves every coordinate by lr against the sign of its gradient, and not where it is 0', () => {
    const spec = getOptimizer('signsgd')!;
    const step = spec.create(resolveHyper(spec, { lr: 0.25 }));
    const x = Float64Array.of(1, -2, 3);
    const state = step.init(3);
    step.step(x, Float64Array.of(5, -1e-9, 0), state);
    expect(Array.from(x)).toEqual([0.75, -1.75, 3]);
    expect(state.t).toBe(1);
  });
});
`,
      },
    ],
  },
  {
    key: 'feature-set',
    name: 'v4',
    kernel: true,
    tests: [['test/o1.features.test.ts', 'test/engine.abi.test.ts', 'test/engine.f32.test.ts'], ['test/engine.equivalence.test.ts', '-t', 'rosenbrock: o1']],
    edits: [
      { file: 'src/o1/features.ts', find: "export type FeatureSet = 'v1' | 'v2' | 'v3';", replace: "export type FeatureSet = 'v1' | 'v2' | 'v3' | 'v4';" },
      { file: 'src/o1/features.ts', find: "export const FEATURE_SETS: readonly FeatureSet[] = ['v1', 'v2', 'v3'];", replace: "export const FEATURE_SETS: readonly FeatureSet[] = ['v1', 'v2', 'v3', 'v4'];" },
      // v4: v2's softmax, and the mean of y = g/M (does the window agree in sign?) last
      { file: 'src/o1/features.ts', find: '    out[outOff + W] = r > 1 ? 1 : r;\n', replace: "    out[outOff + W] = set === 'v4' ? mean : r > 1 ? 1 : r;\n" },
      { file: 'src/engine/wasmAbi.ts', find: 'export const FEATURE_CODES = { v1: 1, v2: 2, v3: 3 } as const;', replace: 'export const FEATURE_CODES = { v1: 1, v2: 2, v3: 3, v4: 4 } as const;' },
      { file: 'assembly/features.ts', find: "import { FEATURES_V1 } from './memory';", replace: "import { FEATURES_V1, FEATURES_V4 } from './memory';" },
      { file: 'assembly/features.ts', find: '    last = vmul<T>(M, vdiv<T>(variance, absSum));\n  } else {', replace: '    last = vmul<T>(M, vdiv<T>(variance, absSum));\n  } else if (set == FEATURES_V4) {\n    last = mean;\n  } else {' },
      { file: 'assembly/features32.ts', find: "import { FEATURES_V1 } from './memory';", replace: "import { FEATURES_V1, FEATURES_V4 } from './memory';" },
      {
        file: 'assembly/features32.ts',
        find: '    last = f32x4.mul(pack32(f64x2.pmin(Ma, cap), f64x2.pmin(Mb, cap)), f32x4.div(variance, absSum));\n  } else {',
        replace: '    last = f32x4.mul(pack32(f64x2.pmin(Ma, cap), f64x2.pmin(Mb, cap)), f32x4.div(variance, absSum));\n  } else if (set == FEATURES_V4) {\n    last = mean;\n  } else {',
      },
      {
        file: 'test/o1.features.test.ts',
        find: "describe('features: hand-computed values', () => {",
        replace: `describe('v4', () => {
  it("is v2's softmax, then mean(g/M)", () => {
    expectClose(feats('v4', G).slice(0, W), feats('v2', G).slice(0, W), 0);
    expectClose([feats('v4', G)[W]], [1 / 15]);
  });
});

describe('features: hand-computed values', () => {`,
      },
      // the kernel tests list the window feature sets they hold the kernels to
      { file: 'test/engine.equivalence.test.ts', find: "for (const features of ['v2', 'v1'] as const) {", replace: "for (const features of ['v2', 'v1', 'v4'] as const) {" },
      { file: 'test/engine.f32.test.ts', find: "for (const features of ['v2', 'v1'] as const) {", replace: "for (const features of ['v2', 'v1', 'v4'] as const) {" },
    ],
  },
  {
    key: 'ml-task',
    name: 'circles-mlp',
    kernel: false,
    tests: [['test/ml.test.ts', 'test/bench.heldout.test.ts'], ['test/engine.ml.test.ts', 'test/engine.mlBatch.test.ts', '-t', 'circles-mlp']],
    edits: [
      {
        file: 'src/ml/datasets.ts',
        find: '/** Turns of each spiral arm.',
        replace: `/** Two concentric circles (radius 0.5: class 0, radius 1: class 1), Gaussian noise of std
 *  \`noise\` on both coordinates. */
export function twoCircles(n: number, noise: number, rng: Rng): Dataset {
  const out = emptyDataset(n, 2);
  for (let p = 0; p < n; p++) {
    const label = p % 2;
    const t = 2 * Math.PI * rng.uniform();
    const r = label === 0 ? 0.5 : 1;
    out.inputs[2 * p] = r * Math.cos(t) + noise * rng.normal();
    out.inputs[2 * p + 1] = r * Math.sin(t) + noise * rng.normal();
    out.targets[p] = label;
  }
  return out;
}

/** Turns of each spiral arm.`,
      },
      { file: 'src/ml/tasks.ts', find: 'noisySine, twoMoons, twoSpirals }', replace: 'noisySine, twoCircles, twoMoons, twoSpirals }' },
      {
        file: 'src/ml/tasks.ts',
        find: '    batchSize: 32,\n  }),\n];',
        replace: `    batchSize: 32,
  }),
  task({
    name: 'circles-mlp',
    description: 'MLP 2→16→1 (tanh) classifying two concentric circles (noise 0.05), full batch',
    kind: 'classification',
    layers: [2, 16, 1],
    loss: 'bce-logits',
    l2: 0,
    generate: (n, rng) => twoCircles(n, 0.05, rng),
    nTrain: 256,
    nTest: 256,
    targetLoss: 0.02,
    adamLr: 0.1,
  }),
];`,
      },
      { file: 'src/bench/ml.ts', find: "'moons-mlp-sgd': 0.034 };", replace: "'moons-mlp-sgd': 0.034, 'circles-mlp': 0.05 };" },
      // the table test pins every task's parameter count (2·16 + 16 + 16 + 1 = 65)
      { file: 'test/ml.test.ts', find: "'moons-mlp-sgd': 337 });", replace: "'moons-mlp-sgd': 337, 'circles-mlp': 65 });" },
    ],
  },
];

/** The files CONTRIBUTING.md's section names for an addition: the `path` opening each numbered
 *  item between its marker and the next heading, and the count it states. */
function documented(key, name) {
  const doc = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8');
  const marker = `<!-- count-additions: ${key} -->`;
  const at = doc.indexOf(marker);
  if (at < 0) return { error: `CONTRIBUTING.md has no ${marker}` };
  const section = doc.slice(at, doc.indexOf('\n## ', at) < 0 ? undefined : doc.indexOf('\n## ', at));
  const files = [...section.matchAll(/^\d+\. `([^`]+)`/gm)].map((m) => m[1].replace('<name>', name));
  const stated = /\*\*(\d+) files\*\*/.exec(section);
  return { files: files.sort(), stated: stated ? Number(stated[1]) : undefined };
}

function listSources(dir) {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: dir, encoding: 'utf8' });
  return out.split('\n').filter((f) => f && !COPY_SKIP.test(f) && existsSync(join(dir, f)));
}

/** A copy of the tree's sources, and what they held (the baseline the addition is counted
 *  against: tests running meanwhile may add files to the tree, never to this snapshot). */
function makeCopy() {
  const copy = mkdtempSync(join(tmpdir(), 'o1-addition-'));
  const snapshot = new Map();
  for (const f of listSources(ROOT)) {
    let bytes;
    try {
      bytes = readFileSync(join(ROOT, f));
    } catch {
      continue; // gone since it was listed
    }
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    writeFileSync(join(copy, f), bytes);
    snapshot.set(f, bytes);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return { copy, snapshot };
}

function walk(dir, base = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const rel = relative(base, p).split('\\').join('/');
    if (NOT_SOURCE.test(rel + (e.isDirectory() ? '/' : ''))) continue;
    if (e.isDirectory()) walk(p, base, out);
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/** Files of the copy that differ from the snapshot or are new (deleted ones count too). */
function touched(copy, snapshot) {
  const out = walk(copy).filter((f) => !snapshot.has(f) || !snapshot.get(f).equals(readFileSync(join(copy, f))));
  for (const f of snapshot.keys()) if (!existsSync(join(copy, f))) out.push(f);
  return out.sort();
}

function apply(copy, edit) {
  if ('create' in edit) {
    if (existsSync(join(copy, edit.create))) throw new Error(`${edit.create} already exists`);
    mkdirSync(dirname(join(copy, edit.create)), { recursive: true });
    writeFileSync(join(copy, edit.create), edit.text);
    return;
  }
  const path = join(copy, edit.file);
  const text = readFileSync(path, 'utf8');
  const hits = text.split(edit.find).length - 1;
  if (hits !== 1) throw new Error(`${edit.file}: the anchor ${JSON.stringify(edit.find.slice(0, 60))} occurs ${hits} times (expected once): update scripts/count-additions.mjs with CONTRIBUTING.md`);
  writeFileSync(path, text.replace(edit.find, () => edit.replace));
}

function run(copy, what, cmd, cmdArgs) {
  const t0 = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: copy, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (Date.now() - t0) / 1000;
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').slice(-40).join('\n');
    throw new Error(`${what} failed (${cmd} ${cmdArgs.join(' ')}):\n${out}`);
  }
  return { what, seconds, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function checks(copy, a) {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const done = [];
  const step = (what, cmd, cmdArgs) => {
    const { seconds } = run(copy, what, cmd, cmdArgs);
    done.push({ what, seconds });
  };
  step('kernel constants', process.execPath, ['scripts/gen-kernel-constants.mjs']);
  step('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  if (a.kernel) {
    step('asc release', npx, ['asc', 'assembly/index.ts', '--target', 'release']);
    step('asc scalar', npx, ['asc', 'assembly/index.ts', '--target', 'scalar']);
  } else if (!existsSync(join(copy, 'build', 'o1.wasm'))) {
    // the ML tests run on the kernels: reuse the tree's build (this addition changes no kernel)
    mkdirSync(join(copy, 'build'), { recursive: true });
    for (const f of ['o1.wasm', 'o1-scalar.wasm']) copyFileSync(join(ROOT, 'build', f), join(copy, 'build', f));
  }
  for (const t of a.tests) {
    const r = run(copy, `vitest ${t.join(' ')}`, npx, ['vitest', 'run', ...t]);
    // a -t filter that matches nothing would pass vacuously
    if (!(Number(/Tests\s+(\d+) passed/.exec(r.output.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]) > 0)) throw new Error(`vitest ${t.join(' ')} ran no test`);
    done.push({ what: r.what, seconds: r.seconds });
  }
  return done;
}

const only = args.only ? new Set(args.only.split(',')) : undefined;
const report = [];
let failed = false;
for (const a of ADDITIONS) {
  if (only && !only.has(a.key)) continue;
  const { copy, snapshot } = makeCopy();
  const entry = { addition: a.key, name: a.name, touched: [], documented: [], stated: undefined, ok: false, checks: [], copy: args.keep ? copy : undefined };
  try {
    for (const e of a.edits) apply(copy, e);
    entry.touched = touched(copy, snapshot);
    const doc = documented(a.key, a.name);
    if (doc.error) throw new Error(doc.error);
    entry.documented = doc.files;
    entry.stated = doc.stated;
    const problems = [];
    const missing = entry.touched.filter((f) => !doc.files.includes(f));
    const extra = doc.files.filter((f) => !entry.touched.includes(f));
    if (missing.length) problems.push(`touched but not in CONTRIBUTING.md: ${missing.join(', ')}`);
    if (extra.length) problems.push(`in CONTRIBUTING.md but not touched: ${extra.join(', ')}`);
    if (doc.stated !== entry.touched.length) problems.push(`CONTRIBUTING.md says ${doc.stated ?? '(no count)'} files, the addition touched ${entry.touched.length}`);
    if (problems.length) throw new Error(problems.join('; '));
    if (!args.fast) entry.checks = checks(copy, a);
    entry.ok = true;
  } catch (e) {
    entry.error = e instanceof Error ? e.message : String(e);
    failed = true;
  } finally {
    if (!args.keep) rmSync(copy, { recursive: true, force: true });
  }
  report.push(entry);
  if (!args.json) {
    const checked = entry.checks.map((c) => `${c.what} ${c.seconds.toFixed(0)} s`).join(', ');
    console.log(`${entry.ok ? 'ok  ' : 'FAIL'} add ${a.key} (${a.name}): ${entry.touched.length} files — ${entry.touched.join(', ')}${checked ? `\n      checked: ${checked}` : ''}${entry.error ? `\n      ${entry.error}` : ''}${entry.copy ? `\n      copy kept at ${entry.copy}` : ''}`);
  }
}
if (args.json) console.log(JSON.stringify(report, null, 1));
process.exitCode = failed ? 1 : 0;
