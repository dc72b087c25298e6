// The kernels' dispatch on ids is generated from the TS tables (scripts/kernel-dispatch.mjs, run
// by scripts/gen-kernel-constants.mjs): every table entry reaches its kernel with the arguments
// its exported signature names, and a kernel that does not fit fails the build with one clear
// message. (That the built .wasm knows every id is verifyKernels' check, test/engine.abi.test.ts.)
import { describe, expect, it } from 'vitest';
import { baselineDispatch, exportedSignatures, functionDispatch, functionKernelName } from '../scripts/kernel-dispatch.mjs';
import { FUNCTIONS } from '../src/functions/index.js';
import { OPTIMIZERS } from '../src/optimizers/index.js';
import type { OptimizerSpec } from '../src/optimizers/types.js';
import { adam } from '../src/optimizers/adam.js';
import { sgd } from '../src/optimizers/sgd.js';
import { dog, dogAvg } from '../src/optimizers/dog.js';

const renamed = (spec: OptimizerSpec, name: string, id: number): OptimizerSpec => ({ ...spec, name, id });

describe('generated kernel dispatch', () => {
  it('reads exported signatures, multi-line ones too', () => {
    const sigs = exportedSignatures('export function aStep<T>(\n  t: i32, n: i32,\n  x: usize,\n): void {}\nfunction hidden<T>(n: i32): void {}\n');
    expect([...sigs]).toEqual([['aStep', ['t', 'n', 'x']]]);
    expect(functionKernelName('three-hump')).toBe('threeHump');
  });

  it('passes each kernel the arguments its parameters name, and shares a kernel between rules', () => {
    const text = baselineDispatch([sgd, adam, renamed(adam, 'adam-copy', 99)], (k: string) =>
      ({ sgd: 'export function sgdStep<T>(n: i32, stride: usize, x: usize, g: usize, hyper: usize): void {}', adam: 'export function adamStep<T>(hyper: usize, t: i32): void {}' })[k],
    );
    expect(text).toContain('case OPT_SGD: sgdStep<T>(n, stride, x, g, hyper); break;');
    expect(text).toContain('case OPT_ADAM: case OPT_ADAM_COPY: adamStep<T>(hyper, t); break;');
    // no init exported: the state starts at 0 over the binding's buffers and scalars
    expect(text).toContain('case OPT_ADAM: case OPT_ADAM_COPY: fillState<T>(state, ADAM_BUFFERS, ADAM_SCALARS, n, stride, 0); break;');
  });

  it('calls an evalPoint only for the rules whose binding declares one (dog-avg, not dog)', () => {
    const dogText = 'export function dogStep<T>(t: i32): void {}\nexport function dogEvalPoint<T>(t: i32, out: usize): void {}';
    const text = baselineDispatch([dog, dogAvg], () => dogText);
    expect(text).toContain('case OPT_DOG_AVG: dogEvalPoint<T>(t, out); break;');
    expect(text).toContain('return opt == OPT_DOG_AVG;');
    expect(text).not.toContain('case OPT_DOG: dogEvalPoint');
  });

  it('fails with the file and the fix: no kernel file, no step, a parameter it cannot pass, a missing evalPoint', () => {
    expect(() => baselineDispatch([sgd], () => undefined)).toThrow(/'sgd' bind the kernel 'sgd', but assembly\/optimizers\/sgd.ts does not exist/);
    expect(() => baselineDispatch([sgd], () => 'export function sgdInit<T>(n: i32): void {}')).toThrow(/assembly\/optimizers\/sgd.ts exports no `sgdStep<T>/);
    expect(() => baselineDispatch([sgd], () => 'export function sgdStep<T>(n: i32, grad: usize): void {}')).toThrow(
      /assembly\/optimizers\/sgd.ts: sgdStep's parameter\(s\) grad are not arguments the dispatcher has \(name them from: t, n, stride, x, g, state, hyper, table, lrOut\)/,
    );
    expect(() => baselineDispatch([dogAvg], () => 'export function dogStep<T>(t: i32): void {}')).toThrow(/exports no `dogEvalPoint<T>\(…\)`, but the binding of 'dog-avg' says evalPoint/);
    expect(() => functionDispatch(FUNCTIONS.slice(0, 1), 'export function other<T>(n: i32): T {}')).toThrow(
      /function 'sphere' \(src\/functions\) has no kernel: export `sphere<T>\(…\)` from assembly\/functions.ts/,
    );
  });

  it("every baseline's binding says evalPoint exactly when its stepper has one", () => {
    for (const spec of OPTIMIZERS) {
      if (!spec.kernel) continue;
      const stepper = spec.create(Object.fromEntries(spec.hyper.map((p) => [p.name, p.default])));
      expect([spec.name, spec.kernel.evalPoint === true]).toEqual([spec.name, typeof stepper.evalPoint === 'function']);
    }
  });
});
