// Every number the kernels and the host must agree on, derived from the TS tables: function ids
// (src/functions), optimizer ids and each rule's kernel binding (src/optimizers: hyper-parameter
// slots, state buffers and scalars, per-step rows), o1's id, feature-set and activation codes,
// the descriptor layout and scratch sizes (wasmAbi.ts). scripts/gen-kernel-constants.mjs writes
// them into assembly/generated/abi.ts for the kernels; verifyKernels checks, when a .wasm is
// loaded, that it was built from these very numbers (a stale or mismatched build fails there,
// with the constant that differs, instead of computing something else).
import type { TestFunction } from '../functions/types.js';
import { FUNCTIONS } from '../functions/index.js';
import type { OptimizerSpec } from '../optimizers/types.js';
import { OPTIMIZERS } from '../optimizers/index.js';
import {
  ABI_VERSION, ACT_CODES, D, DESCRIPTOR_SLOTS, FEATURE_CODES, FLAG_ANSWER, FLAT_ROW, FLAG_LOSS, FLAG_TRACE, OPT_O1, SCRATCH_LANES, scratchBytes,
} from './wasmAbi.js';
import { FN_ML, ML_LOSS_CODES, ML_MAX_DEPTH } from './mlKernel.js';

export interface KernelConstant {
  /** The AssemblyScript constant's name, e.g. FN_ROSENBROCK, ADAM_BETA1. */
  readonly name: string;
  readonly value: number;
  /** Where the host's value comes from (for error messages). */
  readonly source: string;
}

/** The tables the constants are derived from (tests pass altered copies). */
export interface KernelTables {
  readonly functions: readonly TestFunction[];
  readonly optimizers: readonly OptimizerSpec[];
}

export const DEFAULT_TABLES: KernelTables = { functions: FUNCTIONS, optimizers: OPTIMIZERS };

/** 'sgd-hd' → SGD_HD, 'weightDecay' → WEIGHT_DECAY, 'vMax' → V_MAX. */
export function constantName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/** The constants, in a fixed order (the kernels are checked constant by constant). */
export function kernelConstants(tables: KernelTables = DEFAULT_TABLES): KernelConstant[] {
  const out: KernelConstant[] = [];
  const seen = new Map<string, KernelConstant>();
  const add = (name: string, value: number, source: string) => {
    const before = seen.get(name);
    if (before) {
      if (before.value === value) return;
      throw new Error(`kernel constant ${name} is ${before.value} (${before.source}) and ${value} (${source}): give them different names`);
    }
    if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw new Error(`kernel constant ${name} = ${value} (${source}) is not a 32-bit integer`);
    const c = { name, value, source };
    seen.set(name, c);
    out.push(c);
  };
  add('ABI_VERSION', ABI_VERSION, 'src/engine/wasmAbi.ts');
  add('DESCRIPTOR_SLOTS', DESCRIPTOR_SLOTS, 'src/engine/wasmAbi.ts');
  for (const [slot, at] of Object.entries(D)) add(`D_${slot}`, at, 'src/engine/wasmAbi.ts D');
  add('FLAG_LOSS', FLAG_LOSS, 'src/engine/wasmAbi.ts');
  add('FLAG_TRACE', FLAG_TRACE, 'src/engine/wasmAbi.ts');
  add('FLAG_ANSWER', FLAG_ANSWER, 'src/engine/wasmAbi.ts');
  for (const [set, code] of Object.entries(FEATURE_CODES)) add(`FEATURES_${constantName(set)}`, code, 'src/engine/wasmAbi.ts FEATURE_CODES');
  for (const [act, code] of Object.entries(ACT_CODES)) add(`ACT_${constantName(act)}`, code, 'src/engine/wasmAbi.ts ACT_CODES');
  for (const [slot, at] of Object.entries(FLAT_ROW)) add(`FLAT_ROW_${constantName(slot)}`, at, 'src/engine/wasmAbi.ts FLAT_ROW');
  add('SCRATCH_LANES_PER_WINDOW', SCRATCH_LANES.perWindow, 'src/engine/wasmAbi.ts SCRATCH_LANES');
  add('SCRATCH_LANES_FIXED', SCRATCH_LANES.fixed, 'src/engine/wasmAbi.ts SCRATCH_LANES');
  add('SCRATCH_LANES_PER_WIDEST', SCRATCH_LANES.perWidest, 'src/engine/wasmAbi.ts SCRATCH_LANES');
  for (const fn of tables.functions) add(`FN_${constantName(fn.name)}`, fn.id, `src/functions '${fn.name}'`);
  add('FN_ML', FN_ML, 'src/engine/mlKernel.ts');
  add('ML_MAX_DEPTH', ML_MAX_DEPTH, 'src/engine/mlKernel.ts');
  for (const [loss, code] of Object.entries(ML_LOSS_CODES)) add(`ML_LOSS_${constantName(loss)}`, code, 'src/engine/mlKernel.ts ML_LOSS_CODES');
  add('OPT_O1', OPT_O1, 'src/o1/o1.ts o1Spec');
  for (const spec of tables.optimizers) add(`OPT_${constantName(spec.name)}`, spec.id, `src/optimizers '${spec.name}'`);
  for (const spec of tables.optimizers) {
    const b = spec.kernel;
    if (!b) continue;
    const k = constantName(b.kernel);
    const where = `src/optimizers '${spec.name}' kernel binding`;
    const block = (kind: string, names: readonly string[], prefix: string) => {
      names.forEach((name, at) => add(`${k}_${prefix}${constantName(name)}`, at, where));
      add(`${k}_${kind}`, names.length, where);
    };
    block('HYPER', Object.keys(b.hyper), '');
    block('BUFFERS', b.buffers, 'BUF_');
    block('SCALARS', b.scalars, 'SCALAR_');
    block('ROW', b.row ?? [], 'ROW_');
  }
  return out;
}

/** FNV-1a of a constant's name: how the kernels tell the host which constant sits at an index. */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

/** What verifyKernels reads from a module (assembly/index.ts). */
export interface KernelAbiExports {
  abiVersion(): number;
  abiConstantCount(): number;
  abiConstant(k: number): number;
  abiConstantName(k: number): number;
  descriptorSlots(): number;
  scratchBytes(window: number, widest: number): number;
  hasFunction(id: number): number;
  hasBaseline(id: number): number;
}

const REBUILD = 'rebuild the kernels with `npm run build:wasm`';

/** Throws one clear Error when the module was not built from `tables` (a stale build, a
 *  hand-edited constant, or a table entry that claims a kernel the module lacks). */
export function verifyKernels(k: KernelAbiExports, tables: KernelTables = DEFAULT_TABLES): void {
  const abi = k.abiVersion();
  if (abi !== ABI_VERSION) throw new Error(`WASM kernels speak ABI ${abi}, this host expects ${ABI_VERSION}: ${REBUILD}`);
  const constants = kernelConstants(tables);
  const count = k.abiConstantCount();
  for (let i = 0; i < Math.min(count, constants.length); i++) {
    const c = constants[i];
    if (k.abiConstantName(i) !== nameHash(c.name)) {
      throw new Error(`the WASM kernels were built from other tables (their constant #${i} is not ${c.name}, from ${c.source}): ${REBUILD}`);
    }
    const got = k.abiConstant(i);
    if (got !== c.value) {
      throw new Error(`the WASM kernels were built with ${c.name} = ${got}, but ${c.source} now says ${c.value}: ${REBUILD}`);
    }
  }
  if (count !== constants.length) {
    const missing = constants[count]?.name;
    throw new Error(
      `the WASM kernels know ${count} ABI constants, the host ${constants.length}` + (missing ? ` (from ${missing} on)` : '') + `: ${REBUILD}`,
    );
  }
  if (k.descriptorSlots() !== DESCRIPTOR_SLOTS) throw new Error(`the WASM kernels have ${k.descriptorSlots()} descriptor slots, the host ${DESCRIPTOR_SLOTS}: ${REBUILD}`);
  for (const [w, widest] of [[5, 8], [3, 1], [1, 16]]) {
    if (k.scratchBytes(w, widest) !== scratchBytes(w, widest)) throw new Error(`the WASM kernels size o1's scratch differently from the host: ${REBUILD}`);
  }
  for (const fn of tables.functions) {
    const id = fn.kernel?.id ?? fn.id;
    if (k.hasFunction(id) !== 1) {
      throw new Error(`function '${fn.name}' (id ${id}, src/functions) has no kernel: export it from assembly/functions.ts (its dispatch is generated), then ${REBUILD}`);
    }
  }
  for (const spec of tables.optimizers) {
    if (spec.kernel && k.hasBaseline(spec.id) !== 1) {
      throw new Error(
        `optimizer '${spec.name}' (id ${spec.id}) declares the kernel '${spec.kernel.kernel}', but the WASM kernels have no baseline ${spec.id}: ` +
          `add assembly/optimizers/${spec.kernel.kernel}.ts (its dispatch is generated), then ${REBUILD}`,
      );
    }
  }
}
