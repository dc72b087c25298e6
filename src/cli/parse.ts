// Parsers for command-line values; each failure is a UsageError naming the flag. Numbers are plain
// decimals only: Number() would also take '0x10', '0b11', ' 7 ', '' and 'Infinity', and reads an
// underflowing '1e-400' as 0 — each of those is refused here.
import { UsageError } from './errors.js';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal → its number, or the reason it is not one (for messages after "'TEXT' "). */
export function decimalProblem(text: string): string | number {
  if (!DECIMAL.test(text)) return text.trim() !== text && DECIMAL.test(text.trim()) ? 'has surrounding spaces' : 'is not a finite number in decimal notation';
  const v = Number(text);
  if (!Number.isFinite(v)) return 'is out of the range of a double';
  // A mantissa with a non-zero digit that reads as 0 underflowed (1e-400).
  if (v === 0 && /[1-9]/.test(text.split(/[eE]/)[0])) return 'is too small for a double (it would read as 0)';
  return v;
}

export function parseNumber(flag: string, text: string): number {
  const v = decimalProblem(text);
  if (typeof v === 'string') throw new UsageError(`${flag}: '${text}' ${v} (e.g. ${flag} 0.01)`);
  return v;
}

export function parseInteger(flag: string, text: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = parseNumber(flag, text);
  if (!Number.isInteger(v) || v < min) {
    throw new UsageError(`${flag}: '${text}' must be an integer ≥ ${min}`);
  }
  if (v > max) throw new UsageError(`${flag}: ${text} is over the limit of ${max.toLocaleString('en-US')}`);
  return v;
}

export function parseVector(flag: string, text: string, n?: number): number[] {
  const parts = text.split(',');
  const v: number[] = [];
  for (const p of parts) {
    const x = decimalProblem(p.trim());
    if (typeof x === 'string') {
      const what = p.trim() === '' ? 'has an empty item' : `item '${p.trim()}' ${x}`;
      throw new UsageError(`${flag}: '${text}' ${what}; give a comma-separated list of finite numbers (e.g. ${flag} -1.5,2)`);
    }
    v.push(x);
  }
  if (n !== undefined && v.length !== n) {
    throw new UsageError(`${flag}: got ${v.length} coordinates, the function is ${n}-D (give ${n} comma-separated numbers)`);
  }
  return v;
}

/** A comma-separated list of names; an empty item (`a,,b`, a trailing comma) is refused. */
export function parseList(text: string, flag = 'list'): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.length === 1 && items[0] === '') return [];
  if (items.some((s) => s === '')) throw new UsageError(`${flag}: '${text}' has an empty item; give comma-separated values (e.g. ${flag} a,b)`);
  return items;
}

/** A comma-separated list of integers in [min, max]. */
export function parseIntegerList(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number[] {
  return parseList(text, flag).map((t) => parseInteger(flag, t, min, max));
}

export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${flag}: '${text}' is not one of ${choices.join(', ')}`);
}
