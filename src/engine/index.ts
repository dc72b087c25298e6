// Engine choice for the library: 'wasm' (default; the AssemblyScript SIMD kernels) or 'ts' (the
// pure-TS reference, the oracle of the equivalence tests). The WASM module is loaded once per
// build and shared.
import type { Engine, EngineName } from './types.js';
import { tsEngine } from './tsEngine.js';
import { WasmEngine, type WasmEngineOptions } from './wasmEngine.js';
import { instantiateO1Wasm, loadWasmBytes, type WasmLoadOptions } from './loadWasm.js';

export type { Engine, EngineName, BatchSpec, BatchResult, BatchTrace, BatchOptimizer } from './types.js';
export { tsEngine, runBatchTs } from './tsEngine.js';
export { WasmEngine, DEFAULT_MAX_BATCH_BYTES, type WasmEngineOptions } from './wasmEngine.js';
export { instantiateO1Wasm, loadWasmBytes, type O1WasmExports, type WasmLoadOptions } from './loadWasm.js';

export const ENGINE_NAMES: readonly EngineName[] = ['wasm', 'ts'];
export const DEFAULT_ENGINE: EngineName = 'wasm';

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}

/** A WASM engine with its own instance of the kernels (SIMD build unless simd: false). */
export async function loadWasmEngine(opts: WasmLoadOptions & WasmEngineOptions = {}): Promise<WasmEngine> {
  const kernels = await instantiateO1Wasm(await loadWasmBytes(opts));
  return new WasmEngine(kernels, opts);
}

let shared: Promise<WasmEngine> | undefined;
let sharedReady: WasmEngine | undefined;

/** Loads the shared SIMD engine (once); afterwards getEngineSync('wasm') works. */
export function initWasm(opts: WasmLoadOptions = {}): Promise<WasmEngine> {
  if (!shared) {
    shared = loadWasmEngine(opts).then((e) => (sharedReady = e));
    shared.catch(() => {
      shared = undefined; // let a later call retry (e.g. after building the .wasm)
    });
  }
  return shared;
}

/** The engine called `name` (default 'wasm'); the WASM engine is typed as such (its kernels, arena). */
export async function getEngine(name: 'wasm'): Promise<WasmEngine>;
export async function getEngine(name?: EngineName): Promise<Engine>;
export async function getEngine(name: EngineName = DEFAULT_ENGINE): Promise<Engine> {
  if (name === 'ts') return tsEngine;
  if (name === 'wasm') return initWasm();
  throw new Error(`unknown engine '${String(name)}' (use ${ENGINE_NAMES.join(' or ')})`);
}

/** The engine called `name`, synchronously: 'wasm' needs a finished `await initWasm()` first. */
export function getEngineSync(name: 'wasm'): WasmEngine;
export function getEngineSync(name?: EngineName): Engine;
export function getEngineSync(name: EngineName = DEFAULT_ENGINE): Engine {
  if (name === 'ts') return tsEngine;
  if (name === 'wasm') {
    if (!sharedReady) throw new Error("the WASM engine is not loaded yet: `await initWasm()` first (or use getEngine('wasm'))");
    return sharedReady;
  }
  throw new Error(`unknown engine '${String(name)}' (use ${ENGINE_NAMES.join(' or ')})`);
}
