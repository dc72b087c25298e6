// The kernels are compiled against constants generated from the TS tables
// (scripts/gen-kernel-constants.mjs → assembly/generated/abi.ts), and loading a .wasm checks it
// was built from the very same numbers: a changed id, a stale build or a table entry whose
// kernel is missing fails at engine load with one clear error.
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { FUNCTIONS, getFunction } from '../src/functions/index.js';
import { OPTIMIZERS, getOptimizer } from '../src/optimizers/index.js';
import type { OptimizerSpec } from '../src/optimizers/types.js';
import type { TestFunction } from '../src/functions/types.js';
import { constantName, kernelConstants, verifyKernels, type KernelTables } from '../src/engine/kernelAbi.js';
import { instantiateO1Wasm, loadWasmBytes, loadWasmEngine, type O1WasmExports } from '../src/engine/index.js';

const withOptimizer = (name: string, change: Partial<OptimizerSpec>): KernelTables => ({
  functions: FUNCTIONS,
  optimizers: OPTIMIZERS.map((o) => (o.name === name ? { ...o, ...change } : o)),
});

describe('kernel constants from the TS tables', () => {
  test('names follow the tables: ids, hyper-parameter slots, buffers, rows', () => {
    const byName = new Map(kernelConstants().map((c) => [c.name, c.value]));
    expect(byName.get('FN_ROSENBROCK')).toBe(getFunction('rosenbrock')!.id);
    expect(byName.get('OPT_SGD_HD')).toBe(getOptimizer('sgd-hd')!.id);
    expect(byName.get('OPT_O1')).toBe(20);
    expect(byName.get('ADAM_BETA2')).toBe(2);
    expect(byName.get('ADAM_BUF_V_MAX')).toBe(2);
    expect(byName.get('ADAM_ROW')).toBe(4); // negStepSize, biasCorrection2Sqrt, decayFactor, lr
    expect(byName.get('DOG_SCALAR_GRAD_SQ')).toBe(1);
    expect(constantName('sgd-hd')).toBe('SGD_HD');
    expect(constantName('biasCorrection2Sqrt')).toBe('BIAS_CORRECTION2_SQRT');
  });

  test('rules sharing a kernel must share its layout', () => {
    const adamw = getOptimizer('adamw')!;
    const bad = withOptimizer('adamw', { kernel: { ...adamw.kernel!, buffers: ['m', 'v'] } });
    expect(() => kernelConstants(bad)).toThrow(/ADAM_BUFFERS is 3 .* and 2 .*different names/);
  });

  test('the generated file is up to date with the tables (generator --check)', () => {
    expect(() => execFileSync(process.execPath, ['scripts/gen-kernel-constants.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 180_000); // a child node that loads the TypeScript compiler: slow on a loaded machine
});

describe('verifyKernels at engine load', () => {
  const kernels = async (): Promise<O1WasmExports> => (await loadWasmEngine()).kernels;

  test('the shipped builds match the tables', async () => {
    for (const simd of [true, false]) {
      const k = (await loadWasmEngine({ simd })).kernels;
      expect(() => verifyKernels(k)).not.toThrow();
    }
  });

  test('an optimizer id that differs from the build is refused, naming the constant', async () => {
    const k = await kernels();
    expect(() => verifyKernels(k, withOptimizer('adam', { id: 99 }))).toThrow(
      /built with OPT_ADAM = 6, but src\/optimizers 'adam' now says 99: rebuild the kernels with `npm run build:wasm`/,
    );
  });

  test('a function id that differs from the build is refused', async () => {
    const k = await kernels();
    const functions: TestFunction[] = FUNCTIONS.map((f) => (f.name === 'beale' ? { ...f, id: 40 } : f));
    expect(() => verifyKernels(k, { functions, optimizers: OPTIMIZERS })).toThrow(/FN_BEALE = 4, but src\/functions 'beale' now says 40/);
  });

  test('a hyper-parameter slot moved in a binding is refused', async () => {
    const k = await kernels();
    const sgd = getOptimizer('sgd')!;
    const swapped = { weightDecay: sgd.kernel!.hyper.weightDecay, lr: sgd.kernel!.hyper.lr };
    expect(() => verifyKernels(k, withOptimizer('sgd', { kernel: { ...sgd.kernel!, hyper: swapped } }))).toThrow(
      /constant #\d+ is not SGD_WEIGHT_DECAY/,
    );
  });

  test('a table entry whose kernel the module lacks is refused', async () => {
    const k = await kernels();
    const without = { ...k, hasBaseline: (id: number) => (id === 6 ? 0 : k.hasBaseline(id)) };
    expect(() => verifyKernels(without)).toThrow(
      /optimizer 'adam' \(id 6\) declares the kernel 'adam', but the WASM kernels have no baseline 6: add assembly\/optimizers\/adam.ts/,
    );
    const noFn = { ...k, hasFunction: (id: number) => (id === 3 ? 0 : k.hasFunction(id)) };
    expect(() => verifyKernels(noFn)).toThrow(/function 'rosenbrock' \(id 3, src\/functions\) has no kernel/);
  });

  test('loading a module after an id changed in the registry fails at load', async () => {
    const bytes = await loadWasmBytes();
    const spec = getOptimizer('rmsprop')! as { id: number };
    const id = spec.id;
    try {
      spec.id = 17; // as if src/optimizers/rmsprop.ts had been edited without rebuilding the kernels
      await expect(instantiateO1Wasm(bytes)).rejects.toThrow(/OPT_RMSPROP = 5, but src\/optimizers 'rmsprop' now says 17/);
    } finally {
      spec.id = id;
    }
    await expect(instantiateO1Wasm(bytes)).resolves.toBeDefined();
  });
});
