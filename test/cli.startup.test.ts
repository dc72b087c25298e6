// Start-up: a command loads only the modules it uses. The built CLI (bin/o1.js) runs in a child
// process with a module-load hook that lists every module loaded; the light commands must not
// pull in the plotting, training or worker-pool libraries. (Timings are in BENCHMARKS.md; tests
// never assert them.)
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/o1.js', import.meta.url));

// Registers a load hook that reports each module URL on stderr (module.register, Node ≥ 20.6).
const hook = `export async function load(url, context, next) { process._rawDebug('LOADED ' + url); return next(url, context); }`;
const register = `import { register } from 'node:module'; register(${JSON.stringify('data:text/javascript,' + encodeURIComponent(hook))});`;

function loadedModules(...argv: string[]): { code: number | null; modules: string[] } {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, bin, ...argv], { encoding: 'utf8' });
  const modules = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice(7));
  return { code: r.status, modules };
}

const HEAVY = [/node_modules\/d3-/, /node_modules\/@resvg\//, /node_modules\/piscina\//, /node_modules\/ml-matrix\//, /node_modules\/cli-progress\//, /\/train\//, /\/bench\//, /\/viz\//];

describe('CLI start-up loads only what the command uses', () => {
  it('o1 functions loads no plotting, training, bench or engine code', () => {
    const { code, modules } = loadedModules('functions');
    expect(code).toBe(0);
    expect(modules.some((m) => m.includes('/cli/commands/functions.js'))).toBe(true);
    for (const re of [...HEAVY, /\/engine\//, /\/cli\/commands\/(run|train|bench|viz|serve)\.js/]) {
      expect(modules.filter((m) => re.test(m))).toEqual([]);
    }
  });

  it('o1 run --fn rosenbrock --opt o1 loads the engine but no plotting, training or bench code', () => {
    const { code, modules } = loadedModules('run', '--fn', 'rosenbrock', '--opt', 'o1', '--steps', '20');
    expect(code).toBe(0);
    expect(modules.some((m) => m.includes('/engine/wasmEngine.js'))).toBe(true);
    for (const re of HEAVY) expect(modules.filter((m) => re.test(m))).toEqual([]);
  });

  it('the top-level help still lists every command', () => {
    const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const name of ['functions', 'optimizers', 'run', 'train', 'models', 'show', 'viz', 'serve', 'bench']) expect(r.stdout).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('an unknown command still gets a suggestion and exit code 2', () => {
    const r = spawnSync(process.execPath, [bin, 'fuctions'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/functions/);
  });
});
