// The host's side of linear memory: one arena above the kernels' heap base, grown on demand,
// with typed-array views that are recreated whenever growth has replaced (detached) the buffer.
// The kernels never allocate (runtime stub), so between calls memory only grows when a batch
// needs more than any earlier one.
import type { O1WasmExports } from './loadWasm.js';

const PAGE = 65536;

export class WasmArena {
  readonly base: number;
  private buffer: ArrayBuffer | null = null;
  private f64View = new Float64Array(0);
  private i32View = new Int32Array(0);

  constructor(private readonly wasm: O1WasmExports) {
    this.base = wasm.heapBase();
  }

  /** Makes [base, base + bytes) addressable, growing memory if needed. */
  reserve(bytes: number): void {
    const memory = this.wasm.memory;
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
