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
// Exit 0 when every count matches, 1 otherwise (one line per mismatch). The edits are made from
// the TS tables and the files' structure: the example's id is the next one of its table, its
// table entry goes at the end of the named array, a pinned size is the table's size now, and the
// kernels' dispatch is generated (scripts/kernel-dispatch.mjs), so a real addition to a table
// leaves this script working. Only the feature set's edits inside function bodies (o1's
// features and their kernels) are anchored on text; a stale anchor is reported by name.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { fast: { type: 'boolean', default: false }, only: { type: 'string' }, keep: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});

// What a copy needs to typecheck, build the kernels and run tests; docs and the web demo are
// not part of any addition. Build outputs are not sources and are not counted.
const COPY_SKIP = /^(docs|web|e2e|\.ci)\//;
const NOT_SOURCE = /^(build|dist|node_modules|assembly\/generated)\//;

/**
 * An edit, located by the structure of the file, not by the text around it:
 *   { create, text }                        a new file
 *   { file, list: NAME, item }              one more element of the array `const NAME = [...]`
 *   { file, object: NAME, entry }           one more entry of the object `const NAME = {...}` (or of
 *                                           the literal after the text NAME, e.g. `expect(counts).toEqual(`)
 *   { file, union: NAME, member }           one more member of `type NAME = 'a' | 'b'`
 *   { file, importName, from }              one more name imported from module `from`
 *   { file, importLine }                    a new import, after the file's last one
 *   { file, append }                        text at the end of the file
 *   { file, find, replace }                 inside a function body (o1's features): anchored text
 * @typedef {object} Edit
 */
/** @typedef {{ key: string, name: string, kernel: boolean, edits: Edit[], tests: string[][] }} Addition */

// The tables the additions extend: the new entry's id, its place and the pinned sizes come from
// them, so a real addition to a table changes what this script adds, not whether it applies.
register('./ts-hooks.mjs', import.meta.url);
const load = (p) => import(pathToFileURL(join(ROOT, p)).href);
const { FUNCTIONS } = await load('src/functions/index.ts');
const { ALL_OPTIMIZERS } = await load('src/optimizers/index.ts');
const { FEATURE_SETS } = await load('src/o1/features.ts');
const { FEATURE_CODES } = await load('src/engine/wasmAbi.ts');
const { ML_TASKS } = await load('src/ml/tasks.ts');

/** A name for the example that no table entry has yet (a real addition may have taken it). */
function freeName(base, taken) {
  let name = base;
  for (let k = 2; taken.includes(name); k++) name = `${base}${k}`;
  return name;
}

const fnName = freeName('sumsquares', FUNCTIONS.map((f) => f.name));
/** The example's TS identifier, with the name's suffix when the plain name was taken. */
const ident = (base, plain, name) => base + name.slice(plain.length);
const fnIdent = ident('sumSquares', 'sumsquares', fnName);
const fnId = FUNCTIONS.length + 1; // function ids run 1 … N in table order (test/functions.test.ts)
const fnKernel = fnName; // assembly/functions.ts exports the kernel under the function's name
const optName = freeName('signsgd', ALL_OPTIMIZERS.map((o) => o.name));
const optId = Math.max(...ALL_OPTIMIZERS.map((o) => o.id)) + 1; // ids are never reused: the next one
const optConst = optName.toUpperCase();
const featureName = `v${FEATURE_SETS.length + 1}`;
const featureCode = Math.max(...Object.values(FEATURE_CODES)) + 1;
const featureConst = `FEATURES_${featureName.toUpperCase()}`;
const taskName = freeName('circles-mlp', ML_TASKS.map((t) => t.name));
const circles = ident('twoCircles', 'circles-mlp', taskName);

/** @type {Addition[]} */
const ADDITIONS = [
  {
    key: 'function',
    name: fnName,
    kernel: true,
    tests: [['test/functions.test.ts', 'test/bench.heldout.test.ts', 'test/engine.abi.test.ts'], ['test/engine.equivalence.test.ts', '-t', fnName]],
    edits: [
      {
        create: `src/functions/${fnName}.ts`,
        text: `import type { MutVec, TestFunction, Vec } from './types.js';
import { box, filled, requireDims } from './util.js';

/** f(x) = Σ i·xᵢ² (i from 1): a convex bowl whose curvature grows along the axes. */
export const ${fnIdent}: TestFunction = {
  name: '${fnName}',
  id: ${fnId},
  description: 'Σ i·xᵢ², convex bowl of growing curvature',
  tags: ['bowl', 'convex', 'nd'],
  nd: true,
  defaultDims: 2,
  domain: (n) => box(n, -10, 10),
  minimisers: (n) => {
    requireDims('${fnName}', n);
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
      { file: 'src/functions/index.ts', importLine: `import { ${fnIdent} } from './${fnName}.js';` },
      { file: 'src/functions/index.ts', list: 'FUNCTIONS', item: fnIdent },
      {
        file: 'assembly/functions.ts',
        append: `
export function ${fnKernel}<T>(n: i32, stride: usize, x: usize, g: usize): T {
  let s = c<T>(0);
  for (let i = 0; i < n; i++) {
    const off = <usize>i * stride;
    const xi = vload<T>(x + off);
    s = vadd<T>(s, vmul<T>(vmul<T>(c<T>(<f64>(i + 1)), xi), xi));
    vstore<T>(g + off, vmul<T>(c<T>(<f64>(2 * (i + 1))), xi));
  }
  return s;
}
`,
      },
    ],
  },
  {
    key: 'optimizer',
    name: optName,
    kernel: true,
    tests: [['test/optimizers.test.ts', `test/optimizers.${optName}.test.ts`, 'test/engine.abi.test.ts', 'test/engine.dispatch.test.ts'], ['test/engine.equivalence.test.ts', '-t', 'rosenbrock: o1']],
    edits: [
      {
        create: `src/optimizers/${optName}.ts`,
        text: `// Sign descent (signSGD): x ← x − lr·sign(g), Rprop's step without its adaptation.
import type { Hyper, OptState, OptimizerSpec, Stepper } from './types.js';

export const ${optName}: OptimizerSpec = {
  name: '${optName}',
  id: ${optId},
  description: 'sign descent: every coordinate moves by lr against the sign of its gradient',
  hyper: [{ name: 'lr', default: 0.001, min: 0, description: 'the step of every coordinate' }],
  kernel: { kernel: '${optName}', hyper: { lr: (h) => h.lr }, buffers: [], scalars: [] },
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
      { file: 'src/optimizers/index.ts', importLine: `import { ${optName} } from './${optName}.js';` },
      { file: 'src/optimizers/index.ts', list: 'STEP_SIZE_METHODS', item: optName },
      {
        // its dispatch (assembly/generated/baselines.ts) is generated from the binding above
        create: `assembly/optimizers/${optName}.ts`,
        text: `// Sign descent, src/optimizers/${optName}.ts: x ← x − sign(g)·lr.
import { vload, vsignTimes, vsplat, vstore, vsub } from '../lanes';
import { ${optConst}_LR } from '../generated/abi';
import { hyperAt } from './block';

export function ${optName}Step<T>(n: i32, stride: usize, x: usize, g: usize, hyper: usize): void {
  const lr = vsplat<T>(hyperAt(hyper, ${optConst}_LR));
  for (let i = 0; i < n; i++) {
    const ci = <usize>i * stride;
    vstore<T>(x + ci, vsub<T>(vload<T>(x + ci), vsignTimes<T>(vload<T>(g + ci), lr)));
  }
}
`,
      },
      {
        // PyTorch has no signSGD, so no fixture: its rule checked by hand (the WASM ≡ TS check
        // is test/engine.equivalence.test.ts, which runs every baseline of the table)
        create: `test/optimizers.${optName}.test.ts`,
        text: `import { describe, expect, it } from 'vitest';
import { getOptimizer, resolveHyper } from '../src/optimizers/index.js';

describe('${optName}', () => {
  it('moves every coordinate by lr against the sign of its gradient, and not where it is 0', () => {
    const spec = getOptimizer('${optName}')!;
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
    name: featureName,
    kernel: true,
    tests: [['test/o1.features.test.ts', 'test/engine.abi.test.ts', 'test/engine.f32.test.ts'], ['test/engine.equivalence.test.ts', '-t', 'rosenbrock: o1']],
    edits: [
      { file: 'src/o1/features.ts', union: 'FeatureSet', member: `'${featureName}'` },
      { file: 'src/o1/features.ts', list: 'FEATURE_SETS', item: `'${featureName}'` },
      // the new set: v2's softmax, and the mean of y = g/M (does the window agree in sign?) last
      { file: 'src/o1/features.ts', find: '    out[outOff + W] = r > 1 ? 1 : r;\n', replace: `    out[outOff + W] = set === '${featureName}' ? mean : r > 1 ? 1 : r;\n` },
      { file: 'src/engine/wasmAbi.ts', object: 'FEATURE_CODES', entry: `${featureName}: ${featureCode}` },
      { file: 'assembly/features.ts', importName: featureConst, from: './memory' },
      { file: 'assembly/features.ts', find: '    last = vmul<T>(M, vdiv<T>(variance, absSum));\n  } else {', replace: `    last = vmul<T>(M, vdiv<T>(variance, absSum));\n  } else if (set == ${featureConst}) {\n    last = mean;\n  } else {` },
      { file: 'assembly/features32.ts', importName: featureConst, from: './memory' },
      {
        file: 'assembly/features32.ts',
        find: '    last = f32x4.mul(pack32(f64x2.pmin(Ma, cap), f64x2.pmin(Mb, cap)), f32x4.div(variance, absSum));\n  } else {',
        replace: `    last = f32x4.mul(pack32(f64x2.pmin(Ma, cap), f64x2.pmin(Mb, cap)), f32x4.div(variance, absSum));\n  } else if (set == ${featureConst}) {\n    last = mean;\n  } else {`,
      },
      {
        file: 'test/o1.features.test.ts',
        append: `
describe('${featureName}', () => {
  it("is v2's softmax, then mean(g/M)", () => {
    expectClose(feats('${featureName}', G).slice(0, W), feats('v2', G).slice(0, W), 0);
    expectClose([feats('${featureName}', G)[W]], [1 / 15]);
  });
});
`,
      },
      // the kernel tests list the window feature sets they hold the kernels to
      { file: 'test/engine.equivalence.test.ts', find: "for (const features of ['v2', 'v1'] as const) {", replace: `for (const features of ['v2', 'v1', '${featureName}'] as const) {` },
      { file: 'test/engine.f32.test.ts', find: "for (const features of ['v2', 'v1'] as const) {", replace: `for (const features of ['v2', 'v1', '${featureName}'] as const) {` },
    ],
  },
  {
    key: 'ml-task',
    name: taskName,
    kernel: false,
    tests: [['test/ml.test.ts', 'test/bench.heldout.test.ts'], ['test/engine.ml.test.ts', 'test/engine.mlBatch.test.ts', '-t', taskName]],
    edits: [
      {
        file: 'src/ml/datasets.ts',
        append: `
/** Two concentric circles (radius 0.5: class 0, radius 1: class 1), Gaussian noise of std
 *  \`noise\` on both coordinates. */
export function ${circles}(n: number, noise: number, rng: Rng): Dataset {
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
`,
      },
      { file: 'src/ml/tasks.ts', importName: circles, from: './datasets.js' },
      {
        file: 'src/ml/tasks.ts',
        list: 'ML_TASKS',
        item: `task({
    name: '${taskName}',
    description: 'MLP 2→16→1 (tanh) classifying two concentric circles (noise 0.05), full batch',
    kind: 'classification',
    layers: [2, 16, 1],
    loss: 'bce-logits',
    l2: 0,
    generate: (n, rng) => ${circles}(n, 0.05, rng),
    nTrain: 256,
    nTest: 256,
    targetLoss: 0.02,
    adamLr: 0.1,
  })`,
      },
      { file: 'src/bench/ml.ts', object: 'STEP_MS', entry: `'${taskName}': 0.05` },
      // the table test pins every task's parameter count (2·16 + 16 + 16 + 1 = 65)
      { file: 'test/ml.test.ts', object: 'expect(counts).toEqual(', entry: `'${taskName}': 65` },
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

/** Index of the bracket closing the one at `open`, skipping strings and comments. */
function closing(text, open) {
  const pairs = { '[': ']', '{': '}', '(': ')' };
  const stack = [];
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
    } else if (ch === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i) + 1;
    } else if (pairs[ch]) {
      stack.push(pairs[ch]);
    } else if (ch === ']' || ch === '}' || ch === ')') {
      if (stack.pop() !== ch) break;
      if (!stack.length) return i;
    }
  }
  throw new Error(`unbalanced brackets from offset ${open}`);
}

/** The literal `[...]` or `{...}` of `const NAME … =` (or the first one after the text `NAME`
 *  when it is not a declaration): [start, end] of its brackets. */
function literalOf(text, name, file, brackets) {
  const decl = new RegExp(`(?:^|\\n)(?:export )?(?:const|let) ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b[^=]*=\\s*`).exec(text);
  const from = decl ? decl.index + decl[0].length : text.indexOf(name) + name.length;
  if (!decl && text.indexOf(name) < 0) throw new Error(`${file}: no \`${name}\` to extend: update scripts/count-additions.mjs with CONTRIBUTING.md`);
  const start = [...brackets].map((b) => text.indexOf(b, from)).filter((i) => i >= 0).sort((x, y) => x - y)[0];
  if (start === undefined) throw new Error(`${file}: \`${name}\` is not followed by ${brackets}`);
  return [start, closing(text, start)];
}

/** Adds `item` as the last element of the literal between start and end. */
function insertLast(text, start, end, item) {
  const body = text.slice(start + 1, end);
  const trimmed = body.replace(/\s+$/, '');
  if (body.includes('\n')) {
    // one element a line (or several): a new line, indented as the last one
    const indent = /\n([ \t]*)\S[^\n]*$/.exec(trimmed)?.[1] ?? '  ';
    const sep = trimmed.trim() === '' || trimmed.endsWith(',') ? '' : ',';
    return text.slice(0, start + 1) + trimmed + sep + `\n${indent}${item},` + body.slice(trimmed.length) + text.slice(end);
  }
  const inner = trimmed.replace(/,$/, '');
  const lead = body.match(/^\s*/)[0];
  return text.slice(0, start + 1) + (inner.trim() ? `${inner}, ${item}` : `${lead}${item}`) + body.slice(trimmed.length) + text.slice(end);
}

function edited(text, edit) {
  const f = edit.file;
  if ('list' in edit) {
    const [start, end] = literalOf(text, edit.list, f, '[');
    return insertLast(text, start, end, edit.item);
  }
  if ('object' in edit) {
    const [start, end] = literalOf(text, edit.object, f, '{');
    return insertLast(text, start, end, edit.entry);
  }
  if ('union' in edit) {
    const m = new RegExp(`(export )?type ${edit.union} = ([^;]+);`).exec(text);
    if (!m) throw new Error(`${f}: no \`type ${edit.union} = …;\` to extend`);
    return text.replace(m[0], `${m[1] ?? ''}type ${edit.union} = ${m[2]} | ${edit.member};`);
  }
  if ('importName' in edit) {
    const m = new RegExp(`import \\{([^}]*)\\} from '${edit.from.replace(/[.]/g, '\\.')}';`).exec(text);
    if (!m) throw new Error(`${f}: no \`import { … } from '${edit.from}'\` to extend`);
    const names = m[1].split(',').map((n) => n.trim()).filter(Boolean);
    return text.replace(m[0], `import { ${[...names, edit.importName].join(', ')} } from '${edit.from}';`);
  }
  if ('importLine' in edit) {
    const imports = [...text.matchAll(/^import [^;]*;\n/gm)];
    if (!imports.length) throw new Error(`${f}: no import to follow`);
    const last = imports[imports.length - 1];
    const at = last.index + last[0].length;
    return text.slice(0, at) + edit.importLine + '\n' + text.slice(at);
  }
  if ('append' in edit) return text.replace(/\n*$/, '\n') + edit.append;
  const hits = text.split(edit.find).length - 1;
  if (hits !== 1) throw new Error(`${f}: the anchor ${JSON.stringify(edit.find.slice(0, 60))} occurs ${hits} times (expected once): update scripts/count-additions.mjs with CONTRIBUTING.md`);
  return text.replace(edit.find, () => edit.replace);
}

function apply(copy, edit) {
  if ('create' in edit) {
    if (existsSync(join(copy, edit.create))) throw new Error(`${edit.create} already exists`);
    mkdirSync(dirname(join(copy, edit.create)), { recursive: true });
    writeFileSync(join(copy, edit.create), edit.text);
    return;
  }
  const path = join(copy, edit.file);
  writeFileSync(path, edited(readFileSync(path, 'utf8'), edit));
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
