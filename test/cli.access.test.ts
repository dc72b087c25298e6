// Paths and ports this user may not use, and modules that are wrong in ways the loader used to miss
// (issue 24 items 14, 17-19): each is one stderr line naming the path, port or module and the fix,
// exit 2 — never "internal error".
//
// Permission cases need a user whom the file system refuses. Root is refused nothing, so under
// root the CLI runs through setpriv with the capabilities that bypass permission bits
// (dac_override, dac_read_search) and bind low ports (net_bind_service) removed from its bounding
// set: still uid 0, so the checkout stays readable, but a mode-000 folder is closed to it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, badInputSuite } from './helpers/badInput.js';

const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
const canBeRefused = !isRoot || hasSetpriv;

function runRefusable(args: string[], env: Record<string, string> = {}) {
  const node = [process.execPath, BIN, ...args];
  const cmd = isRoot ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-net_bind_service', '--inh-caps=-all', ...node] : node;
  return spawnSync(cmd[0], cmd.slice(1), { env: { ...process.env, O1_DEBUG: '', ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe.skipIf(!canBeRefused)('a path or port this user may not use', () => {
  const root = mkdtempSync(join(tmpdir(), 'o1-access-'));
  const locked = join(root, 'locked');
  mkdirSync(locked);
  chmodSync(locked, 0o000);
  afterAll(() => {
    chmodSync(locked, 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  const cases: { name: string; args: string[]; env?: Record<string, string>; says: RegExp }[] = [
    { name: 'viz --out into a closed folder', args: ['viz', '--fn', 'himmelblau', '--opt', 'adam', '--steps', '5', '--out', join(locked, 'x.png')], says: /--out .*locked\/x\.png: permission denied/ },
    { name: 'bench --report into a closed folder', args: ['bench', '--report', join(locked, 'rep'), '--opt', 'adam', '--steps', '5'], says: /--report .*locked\/rep: permission denied/ },
    { name: 'train --out into a closed folder', args: ['train', '--out', join(locked, 't'), '--generations', '1'], says: /--out .*locked\/t: permission denied/ },
    { name: 'train --name into a closed registry', args: ['train', '--name', 'mine', '--generations', '1'], env: { O1_MODELS_DIR: locked }, says: /--name mine: the model registry .*locked.*permission denied/ },
    { name: 'models with a closed registry', args: ['models'], env: { O1_MODELS_DIR: locked }, says: /cannot access .*locked: permission denied/ },
    { name: 'serve on a privileged port', args: ['serve', '--port', '1'], says: /--port 1: permission denied \(ports below 1024 need privileges\)/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = runRefusable(c.args, c.env);
      const lines = r.stderr.trim().split('\n');
      expect(r.status, r.stderr).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/internal error/);
      expect(lines[0]).toMatch(c.says);
    });
  }
});

const GETTER = [
  'export default {',
  '  dims: 2,',
  '  f(x) { return x[0] * x[0] + x[1] * x[1]; },',
  "  get grad() { throw new Error('no gradient for you'); },",
  '};',
  '',
].join('\n');

const NAN_EVERYWHERE = [
  'export const domain = [[-1, 1], [-1, 1]];',
  'export const fmin = 0;',
  'export function f() { return NaN; }',
  'export function grad() { return [NaN, NaN]; }',
  '',
].join('\n');

const NAN_GRAD = NAN_EVERYWHERE.replace('return NaN;', 'return 1;');

badInputSuite('modules and files the loader used to miss', [
  {
    name: 'an export that is a getter which throws is the module\'s error',
    setup: (dir) => writeFileSync(join(dir, 'getter.mjs'), GETTER),
    args: ['run', '--fn-module', 'getter.mjs', '--opt', 'adam', '--steps', '5'],
    stderr: /objective module 'getter\.mjs': reading its export grad threw: Error: no gradient for you/,
  },
  {
    name: 'a training function that is NaN everywhere',
    setup: (dir) => writeFileSync(join(dir, 'nan.mjs'), NAN_EVERYWHERE),
    args: ['train', '--functions', './nan.mjs', '--generations', '1'],
    stderr: /nan\.mjs': f is not finite at any of the probe points/,
  },
  {
    name: 'a training function whose gradient is never finite',
    setup: (dir) => writeFileSync(join(dir, 'nangrad.mjs'), NAN_GRAD),
    args: ['train', '--functions', './nangrad.mjs', '--generations', '1'],
    stderr: /nangrad\.mjs': grad is not finite wherever f is/,
  },
  {
    name: 'viz --out into a folder that does not exist',
    args: (dir) => ['viz', '--fn', 'himmelblau', '--opt', 'adam', '--steps', '5', '--out', join(dir, 'no', 'such', 'x.png')],
    stderr: /--out .*no\/such\/x\.png: its folder .*no\/such does not exist/,
  },
]);
