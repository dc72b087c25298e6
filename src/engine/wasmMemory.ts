// The host's side of linear memory: one arena above the kernels' heap base, grown on demand,
// with typed-array views that are recreated whenever growth has replaced (detached) the buffer.
// The kernels never allocate (runtime stub), so between calls memory only grows when a batch
// needs more than any earlier one.
//
// Every user of an instance's memory (the engine, the ML batch runner, the step API's vectors)
// lays its call out from the same base, so each calls `reserve` before it writes. A user may keep
// data there between its calls (the step API keeps an optimizer's state resident): it passes
// itself as the tenant, and the next reserve by anyone else first lets it evict (copy its data
// out to the host).
import type { O1WasmExports } from './loadWasm.js';

const PAGE = 65536;

/** A user whose data stays in linear memory between its calls. */
export interface MemoryTenant {
  /** Saves the data to the host: another user is about to lay out over it. */
  evict(): void;
}

const tenants = new WeakMap<WebAssembly.Memory, MemoryTenant>();

/** Makes `tenant` (or nobody) the memory's tenant, evicting the one before if it is another. */
function claim(memory: WebAssembly.Memory, tenant: MemoryTenant | undefined): void {
  const current = tenants.get(memory);
  if (current === tenant) return;
  if (current) {
    tenants.delete(memory);
    current.evict();
  }
  if (tenant) tenants.set(memory, tenant);
}

export class WasmArena {
  readonly base: number;
  private buffer: ArrayBuffer | null = null;
  private f64View = new Float64Array(0);
  private i32View = new Int32Array(0);

  constructor(private readonly wasm: O1WasmExports) {
    this.base = wasm.heapBase();
  }

  /** Makes [base, base + bytes) addressable, growing memory if needed; call it before writing.
   *  `tenant`: the caller keeps data there until another user reserves (see MemoryTenant). */
  reserve(bytes: number, tenant?: MemoryTenant): void {
    const memory = this.wasm.memory;
    claim(memory, tenant);
    const end = this.base + bytes;
    const have = memory.buffer.byteLength;
    if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
  }

  private refresh(): void {
    const buf = this.wasm.memory.buffer as ArrayBuffer;
    if (buf !== this.buffer) {
      this.buffer = buf;
      this.f64View = new Float64Array(buf);
      this.i32View = new Int32Array(buf);
    }
  }

  /** A Float64Array over all of memory (index = byte offset / 8), valid until the next reserve. */
  get f64(): Float64Array {
    this.refresh();
    return this.f64View;
  }

  /** An Int32Array over all of memory (index = byte offset / 4), valid until the next reserve. */
  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  get byteLength(): number {
    return this.wasm.memory.buffer.byteLength;
  }
}

/** Sequential 16-byte-aligned placement of arrays in the arena. */
export class LayoutBuilder {
  private offset: number;
  constructor(base: number) {
    this.offset = align16(base);
  }
  /** Reserves `bytes` and returns their start. */
  take(bytes: number): number {
    const at = this.offset;
    this.offset = align16(at + bytes);
    return at;
  }
  get end(): number {
    return this.offset;
  }
}

export function align16(v: number): number {
  return (v + 15) & ~15;
}
