// Loading the o1 kernels: the same .wasm bytes in Node and in browsers, through one instantiate
// function. Node reads build/o1.wasm (or build/o1-scalar.wasm) from the package's BUILD_DIR;
// a browser fetches a URL. Instantiation goes through @assemblyscript/loader for its `abort`
// import: a kernel that aborts (assembly/check.ts refuses a bad descriptor) throws a JS Error
// with the kernel's message, file and line. The ABI passes only numbers and pointers, so the
// raw instance exports are used (no marshalling wrappers on the hot path).
import { instantiate, instantiateSync } from '@assemblyscript/loader';
import { verifyKernels, type KernelAbiExports } from './kernelAbi.js';
import { ABI_VERSION } from './wasmAbi.js';

/** The kernels' exports (assembly/index.ts). Pointers are byte offsets into `memory`. */
export interface O1WasmExports extends KernelAbiExports {
  memory: WebAssembly.Memory;
  simdEnabled(): number;
  lanes(): number;
  heapBase(): number;
  runBatch(descriptor: number): void;
  o1StepBatch(descriptor: number, t: number): void;
  /** f and ∇f of an ML batch (assembly/index.ts mlGradBatch). */
  mlGradBatch(descriptor: number): void;
  /** The step API's normalized-rule kernels (assembly/flat.ts). */
  o1FlatReduce(descriptor: number): void;
  o1FlatStep(descriptor: number): void;
  o1FlatStepF32(descriptor: number): void;
}

/** The ABI this host speaks (src/engine/wasmAbi.ts, compiled into assembly/index.ts abiVersion). */
export const WASM_ABI_VERSION = ABI_VERSION;

export interface WasmLoadOptions {
  /** true (default): the SIMD build (o1.wasm); false: the scalar build (o1-scalar.wasm). */
  simd?: boolean;
  /** The module's bytes, when the caller already has them. */
  bytes?: BufferSource;
  /** Where a browser fetches the module from (default: build/ next to the package sources). */
  url?: string | URL;
}

export function wasmFileName(simd: boolean): string {
  return simd ? 'o1.wasm' : 'o1-scalar.wasm';
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** The bytes of the requested build: from disk in Node, by fetch in a browser. */
export async function loadWasmBytes(opts: WasmLoadOptions = {}): Promise<BufferSource> {
  if (opts.bytes) return opts.bytes;
  const file = wasmFileName(opts.simd !== false);
  if (isNode() && opts.url === undefined) {
    // Specifiers held in variables (and @vite-ignore) keep browser bundlers from following
    // these Node-only modules; in Node they resolve as usual, relative to this module.
    const fsModule = 'node:fs/promises';
    const pathModule = 'node:path';
    const pathsModule = '../paths.js';
    const [{ readFile }, { join }, { BUILD_DIR }] = (await Promise.all([
      import(/* @vite-ignore */ fsModule),
      import(/* @vite-ignore */ pathModule),
      import(/* @vite-ignore */ pathsModule),
    ])) as [typeof import('node:fs/promises'), typeof import('node:path'), typeof import('../paths.js')];
    const path = join(BUILD_DIR, file);
    try {
      return await readFile(path);
    } catch (e) {
      throw new Error(`cannot read the WASM kernels at ${path} (run \`npm run build:wasm\`): ${(e as Error).message}`);
    }
  }
  // literal URLs, so bundlers (Vite) see and emit exactly these two files
  const url =
    opts.url ??
    (opts.simd !== false ? new URL('../../build/o1.wasm', import.meta.url) : new URL('../../build/o1-scalar.wasm', import.meta.url));
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot fetch the WASM kernels from ${String(url)}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/** Instantiates the kernels from their bytes (the one path for Node and browsers) and checks
 *  they were built from this host's tables (verifyKernels: one clear error otherwise). */
export async function instantiateO1Wasm(bytes: BufferSource): Promise<O1WasmExports> {
  // Compiled here, so the loader is handed a Module: its async instantiate first asks whether the
  // source is a fetch Response, and in Node touching the global Response loads undici (~20 ms of
  // every CLI start-up). Node instantiates the compiled module synchronously (no size limit
  // there); a browser keeps the async path.
  const module = await WebAssembly.compile(bytes);
  const inNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  const { instance } = inNode ? instantiateSync(module, {}) : await instantiate(module, {});
  const exports = instance.exports as unknown as O1WasmExports;
  verifyKernels(exports);
  return exports;
}
