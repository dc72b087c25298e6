// The one kernel-call builder (src/engine/kernelCall.ts): the chunk search finds the largest call
// that fits, a dry run measures exactly what reserveCall places, the descriptor is zeroed but for
// the slots given, and the callers stay inside their caps with it.
import { describe, expect, test } from 'vitest';
import { largestFitting, measureCall, reserveCall, writeDescriptor } from '../src/engine/kernelCall.js';
import { D, DESCRIPTOR_BYTES } from '../src/engine/wasmAbi.js';
import { loadWasmEngine } from '../src/engine/index.js';
import { Rng } from '../src/rng.js';
import { align16 } from '../src/engine/wasmMemory.js';

describe('kernelCall', () => {
  test('largestFitting = the brute-force largest multiple of the lanes that fits', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 300; trial++) {
      const lanes = [1, 2, 4][trial % 3];
      const fixed = Math.floor(rng.uniform() * 5000);
      const per = 1 + Math.floor(rng.uniform() * 300);
      const arrays = 1 + Math.floor(rng.uniform() * 6);
      // a layout's size: a fixed part and `arrays` blocks of count·per bytes, each 16-aligned
      const bytesOf = (count: number) => fixed + arrays * align16(count * per);
      const upTo = 1 + Math.floor(rng.uniform() * 400);
      const max = Math.floor(rng.uniform() * (fixed + arrays * per * 500));
      let brute: number | undefined;
      for (let c = lanes; c <= Math.ceil(upTo / lanes) * lanes; c += lanes) if (bytesOf(c) <= max) brute = c;
      expect(largestFitting(lanes, upTo, max, bytesOf)).toBe(brute);
    }
  });

  test('reserveCall places what measureCall measured and reserves up to its end', async () => {
    const engine = await loadWasmEngine();
    const arena = engine.arena;
    const place = (at: { take(b: number): number }) => ({ a: at.take(100), b: at.take(3), c: at.take(1 << 20) });
    const bytes = measureCall(arena.base, place);
    const at = reserveCall(arena, place);
    expect(at.end - arena.base).toBe(bytes);
    expect(arena.byteLength).toBeGreaterThanOrEqual(at.end);
    expect([at.a % 16, at.b % 16, at.c % 16]).toEqual([0, 0, 0]);
    expect(at.b).toBeGreaterThanOrEqual(at.a + 100);
    expect(at.c).toBeGreaterThanOrEqual(at.b + 3);
  });

  test('writeDescriptor zeroes every slot but the ones given', () => {
    const i32 = new Int32Array(64).fill(-7);
    writeDescriptor(i32, 16, { DIM: 3, RUNS: 8, ML: 99 });
    const d = 16 >> 2;
    const slots = Array.from(i32.subarray(d, d + DESCRIPTOR_BYTES / 4));
    const want = new Array(DESCRIPTOR_BYTES / 4).fill(0);
    want[D.DIM] = 3;
    want[D.RUNS] = 8;
    want[D.ML] = 99;
    expect(slots).toEqual(want);
    expect(i32[d - 1]).toBe(-7); // nothing outside the descriptor
    expect(i32[d + DESCRIPTOR_BYTES / 4]).toBe(-7);
  });
});
