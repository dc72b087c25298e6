// PyTorch's conventions on the command line, and the one `name:k=v` codec that run, viz, bench
// and the web demo's URL share. The CLI is spawned as a user runs it (bin/o1.js).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { ALL_OPTIMIZERS, OPTIMIZERS, findOptimizer, optimizerNames } from '../src/optimizers/index.js';
import { formatOptimizer, formatOptimizerList, parseOptimizer, parseOptimizerList } from '../src/optimizers/codec.js';
import { InputError } from '../src/errors.js';
import { defaultState, parseState, serializeState } from '../web/src/state.js';
import { optimizerColor } from '../src/plot/style.js';

const bin = join(PACKAGE_ROOT, 'bin', 'o1.js');
function o1(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: mkdtempSync(join(tmpdir(), 'o1-conv-')) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const runJson = (...args: string[]) => {
  const r = o1('run', '--fn', 'booth', '--start', '1,-2', '--steps', '30', '--json', ...args);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};

describe('the optimizer codec', () => {
  it('reads PyTorch spellings: any-case names, betas, true/false, SGD momentum and nesterov', () => {
    expect(parseOptimizer('AdamW:lr=0.01:betas=0.8,0.99:amsgrad=true')).toEqual({ name: 'adamw', hyper: { lr: 0.01, beta1: 0.8, beta2: 0.99, amsgrad: 1 } });
    expect(parseOptimizer('RMSprop:centered=False')).toEqual({ name: 'rmsprop', hyper: { centered: 0 } });
    expect(parseOptimizer('SGD:lr=0.1:momentum=0.9')).toEqual({ name: 'momentum', hyper: { lr: 0.1, momentum: 0.9 } });
    expect(parseOptimizer('SGD:momentum=0.9:nesterov=true')).toEqual({ name: 'nesterov', hyper: { momentum: 0.9 } });
    expect(parseOptimizer('sgd:momentum=0')).toEqual({ name: 'sgd', hyper: {} });
    expect(parseOptimizer('momentum:nesterov=true')).toEqual({ name: 'nesterov', hyper: {} });
    expect(parseOptimizer('nesterov:nesterov=false')).toEqual({ name: 'momentum', hyper: {} });
    expect(() => parseOptimizer('sgd:nesterov=true')).toThrow(/needs a momentum > 0/);
    expect(() => parseOptimizer('adam:nesterov=true')).toThrow(/applies to sgd and momentum/);
    expect(() => parseOptimizer('adam:amsgrad=maybe')).toThrow(/not true or false/);
    expect(() => parseOptimizer('sgd:betas=0.9,0.99')).toThrow(/sgd has no betas/);
    expect(() => parseOptimizer('adamm')).toThrow(InputError);
    expect(parseOptimizer('O1:lr=0.5')).toEqual({ name: 'o1', hyper: { lr: 0.5 } });
  });

  it('a list splits at names, not inside betas; format parses back to the same choices', () => {
    const list = parseOptimizerList('o1,Adam:lr=0.05:betas=0.9,0.99,momentum:lr=0.001');
    expect(list.map((c) => c.name)).toEqual(['o1', 'adam', 'momentum']);
    expect(list[1].hyper).toEqual({ lr: 0.05, beta1: 0.9, beta2: 0.99 });
    expect(parseOptimizerList(formatOptimizerList(list))).toEqual(list);
    expect(formatOptimizer({ name: 'adam', hyper: { lr: 0.05 } })).toBe('adam:lr=0.05');
  });

  it('the web URL carries optimizers in the same form (old NAME.PARAM links still read)', () => {
    const s = { ...defaultState(), opts: ['o1', 'adam', 'rmsprop'], hyper: { adam: { lr: 0.02, beta2: 0.99 }, rmsprop: { alpha: 0.9 } } };
    const q = serializeState(s);
    const opt = new URLSearchParams(q).get('opt')!;
    expect(opt).toBe('o1,adam:lr=0.02:beta2=0.99,rmsprop:alpha=0.9');
    expect(parseOptimizerList(opt)).toEqual([{ name: 'o1', hyper: {} }, { name: 'adam', hyper: { lr: 0.02, beta2: 0.99 } }, { name: 'rmsprop', hyper: { alpha: 0.9 } }]);
    expect(parseState(q).state).toEqual(s);
    expect(parseState('?opt=Adam,SGD:momentum=0.5').state).toMatchObject({ opts: ['adam', 'momentum'], hyper: { momentum: { momentum: 0.5 } } });
    expect(parseState('?opt=o1,adam&adam.lr=0.03').state.hyper).toEqual({ adam: { lr: 0.03 } });
  });
});

describe('o1 is in the optimizer registry', () => {
  it('listed first, found by name, coloured from the same list; OPTIMIZERS stays the baselines', () => {
    expect(ALL_OPTIMIZERS[0].name).toBe('o1');
    expect(ALL_OPTIMIZERS.slice(1)).toEqual(OPTIMIZERS);
    expect(findOptimizer('O1')?.id).toBe(20);
    expect(optimizerNames()).toEqual(ALL_OPTIMIZERS.map((o) => o.name));
    const colors = optimizerNames().map(optimizerColor);
    expect(new Set(colors).size).toBe(colors.length);
  });

  it('`o1 optimizers --json` lists the registry in its order', () => {
    const r = o1('optimizers', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).map((o: { name: string }) => o.name)).toEqual(optimizerNames());
  });
});

describe('o1 run takes PyTorch flags', () => {
  it('--betas and --amsgrad true are beta1/beta2 and amsgrad 1; names ignore case', () => {
    const a = runJson('--opt', 'Adam', '--lr', '0.1', '--betas', '0.8,0.99', '--amsgrad', 'true');
    const b = runJson('--opt', 'adam', '--lr', '0.1', '--beta1', '0.8', '--beta2', '0.99', '--amsgrad', '1');
    expect(a.hyperparameters).toEqual(b.hyperparameters);
    expect(a.x).toEqual(b.x);
    expect(a.hyperparameters).toMatchObject({ beta1: 0.8, beta2: 0.99, amsgrad: 1 });
    expect(runJson('--opt', 'adam', '--amsgrad', 'false').hyperparameters.amsgrad).toBe(0);
  });

  it('--opt SGD --momentum 0.9 --nesterov is the nesterov rule, like torch.optim.SGD(nesterov=True)', () => {
    const a = runJson('--opt', 'SGD', '--lr', '0.01', '--momentum', '0.9', '--nesterov');
    const b = runJson('--opt', 'nesterov', '--lr', '0.01', '--momentum', '0.9');
    expect(a.optimizer).toBe('nesterov');
    expect(a.x).toEqual(b.x);
    const c = runJson('--opt', 'sgd:lr=0.01:momentum=0.9');
    expect(c.optimizer).toBe('momentum');
    expect(runJson('--opt', 'momentum', '--lr', '0.01', '--nesterov', 'false').optimizer).toBe('momentum');
  });

  it('bad PyTorch values are one clear line, exit 2', () => {
    for (const [args, msg] of [
      [['--opt', 'adam', '--betas', '0.9'], /--betas: '0.9' is not two numbers/],
      [['--opt', 'adam', '--amsgrad', 'yes'], /--amsgrad: 'yes' is not true or false/],
      [['--opt', 'sgd', '--nesterov'], /nesterov needs a momentum > 0/],
      [['--opt', 'adam', '--nesterov'], /nesterov applies to sgd and momentum/],
    ] as const) {
      const r = o1('run', '--fn', 'booth', '--start', '0,0', ...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('viz and bench read the same codec', () => {
  it('viz --json: one record per run, the file named; global --betas reaches the Adam-style rules only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-vizjson-'));
    const out = join(dir, 'race.svg');
    const r = o1('viz', '--fn', 'himmelblau', '--opt', 'O1,Adam:lr=0.05,SGD:momentum=0.5:lr=0.001', '--betas', '0.8,0.99', '--start', '-1,0.5', '--steps', '20', '--out', out, '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.file).toBe(out);
    expect(existsSync(out)).toBe(true);
    expect(j.runs.map((x: { optimizer: string }) => x.optimizer)).toEqual(['o1', 'adam', 'momentum']);
    expect(j.runs[1].label).toContain('beta1=0.8');
    expect(j.runs[2].label).not.toContain('beta');
    for (const run of j.runs) expect(typeof run.finalLoss).toBe('number');
  });

  it('bench --opt ignores case and refuses per-item hyper-parameters (it tunes lr)', () => {
    const r = o1('bench', '--suite', 'train', '--fn', 'himmelblau', '--opt', 'Adam', '--starts', '2', '--tune-starts', '2', '--steps', '10', '--bootstrap', '10', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).settings.baselines).toEqual(['adam']);
    const bad = o1('bench', '--opt', 'adam:beta2=0.9');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/give names only/);
  }, 60_000);
});

describe('the help reads as the flags are typed (issue 24 item 13)', () => {
  // One entry per option: commander wraps a description onto deeply indented lines.
  const helpOf = (...cmd: string[]) => {
    const r = o1(...cmd, '--help');
    expect(r.code, r.err).toBe(0);
    return r.out.replace(/\n {10,}/g, ' ');
  };
  const optionLine = (help: string, flag: string) => help.split('\n').find((l) => l.trimStart().startsWith(`${flag} `)) ?? '';

  it('defaults are shown as typed, unquoted', () => {
    const run = helpOf('run');
    expect(run).not.toMatch(/\(default: "/);
    expect(optionLine(run, '--steps')).toMatch(/\(default: 200\)$/);
    expect(optionLine(run, '--engine')).toMatch(/\(default: wasm\)$/);
    expect(optionLine(helpOf('serve'), '--port')).toMatch(/\(default: 8173\)$/);
    for (const cmd of ['viz', 'bench', 'train']) expect(helpOf(cmd), cmd).not.toMatch(/\(default: "/);
  });

  it('true|false flags are described in true|false, not 1/0', () => {
    const run = helpOf('run');
    for (const flag of ['--amsgrad', '--centered', '--decouple', '--safeguard_warmup', '--use_bias_correction']) {
      const line = optionLine(run, flag);
      expect(line, flag).toMatch(new RegExp(`^\\s*${flag} <true\\|false>\\s+true: `));
      expect(line, flag).not.toMatch(/\b[01]: /);
    }
    expect(optionLine(run, '--decouple')).toMatch(/; false: L2 added/);
  });

  it("viz's and run's own options come first; the hyper-parameter flags follow under their own heading", () => {
    for (const cmd of ['viz', 'run']) {
      const help = helpOf(cmd);
      const heading = help.indexOf('\nHyper-parameters (`o1 optimizers` lists which optimizer has which):\n');
      expect(heading, cmd).toBeGreaterThan(0);
      for (const own of ['--fn <name>', '--steps <n>', '--engine <name>', '-h, --help']) expect(help.indexOf(`\n  ${own}`), `${cmd} ${own}`).toBeLessThan(heading);
      for (const hyper of ['--lr <value>', '--amsgrad <true|false>', '--d0 <value>', '--betas <b1,b2>']) expect(help.indexOf(`\n  ${hyper}`), `${cmd} ${hyper}`).toBeGreaterThan(heading);
    }
  });

  it('"PyTorch name" only where torch.optim has the hyper-parameter', () => {
    const run = helpOf('run');
    for (const flag of ['--lr', '--weight_decay', '--eps', '--betas', '--beta1', '--amsgrad', '--nesterov', '--etaplus', '--centered']) expect(optionLine(run, flag), flag).toMatch(/PyTorch name\)$/);
    for (const flag of ['--d0', '--d_coef', '--decouple', '--growth_rate', '--hypergrad_lr', '--reps_rel', '--warmup_fraction', '--total_steps', '--weight_lr_power']) {
      const line = optionLine(run, flag);
      expect(line, flag).toMatch(/\(hyper-parameter\)$/);
      expect(line, flag).not.toMatch(/PyTorch name/);
    }
  });
});
