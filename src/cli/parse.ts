// Parsers for command-line values; each failure is a UsageError naming the flag. Numbers are plain
// decimals only (src/util/decimal.ts).
import { UsageError } from './errors.js';
import { decimalProblem } from '../util/decimal.js';

export { decimalProblem };

export function parseNumber(flag: string, text: string): number {
  const v = decimalProblem(text);
  if (typeof v === 'string') throw new UsageError(`${flag}: '${text}' ${v} (e.g. ${flag} 0.01)`);
  return v;
}

/** A whole number in [min, max]; a text that is no number at all gets a whole-number example
 *  (`example`, else one in range), never parseNumber's "e.g. 0.01". */
export function parseInteger(flag: string, text: string, min = 0, max = Number.MAX_SAFE_INTEGER, example?: number): number {
  const d = decimalProblem(text);
  if (typeof d === 'string') throw new UsageError(`${flag}: '${text}' ${d} (give a whole number, e.g. ${flag} ${example ?? Math.max(min, Math.min(max, 100))})`);
  const v = d;
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

/** Whether a comma-separated list has an empty item (`a,,b`, a leading or trailing comma). */
export function hasEmptyItem(text: string): boolean {
  return text.trim() !== '' && /(^|,)\s*(,|$)/.test(text);
}

/** A comma-separated list of integers in [min, max]. */
export function parseIntegerList(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number[] {
  return parseList(text, flag).map((t) => parseInteger(flag, t, min, max));
}

export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${flag}: '${text}' is not one of ${choices.join(', ')}`);
}
