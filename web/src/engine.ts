// Which engine the page runs on: the WASM engine on the very same build/o1.wasm the CLI loads
// (bundled as a file asset, fetched from this origin), or — if this browser cannot instantiate
// it — the SIMD-free build, and failing that the pure-TS reference. Training workers call this too.
import simdUrl from '../../build/o1.wasm?url';
import scalarUrl from '../../build/o1-scalar.wasm?url';
import type { Engine } from '../../src/engine/types.js';
import { instantiateO1Wasm } from '../../src/engine/loadWasm.js';
import { WasmEngine } from '../../src/engine/wasmEngine.js';
import { tsEngine } from '../../src/engine/tsEngine.js';

/** What the page runs on; the WASM engine typed as such (its kernels serve the network panel). */
export type PageEngine = (
  | { engine: WasmEngine; name: 'wasm' }
  | { engine: Engine; name: 'ts' }
) & {
  /** What runs, for the page's status line. */
  note: string;
};

async function wasmEngine(url: string): Promise<WasmEngine> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
  return new WasmEngine(await instantiateO1Wasm(await res.arrayBuffer()));
}

export async function loadPageEngine(): Promise<PageEngine> {
  const failures: string[] = [];
  for (const [url, what] of [
    [simdUrl, 'WebAssembly SIMD (build/o1.wasm)'],
    [scalarUrl, 'WebAssembly (build/o1-scalar.wasm)'],
  ] as const) {
    try {
      return { engine: await wasmEngine(url), name: 'wasm', note: `engine: ${what}` };
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { engine: tsEngine, name: 'ts', note: `engine: TypeScript reference (WebAssembly failed: ${failures[0]})` };
}
