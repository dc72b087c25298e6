// Parsers for command-line values; each failure is a UsageError naming the flag.
import { UsageError } from './errors.js';

export function parseNumber(flag: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) {
    throw new UsageError(`${flag}: '${text}' is not a finite number (e.g. ${flag} 0.01)`);
  }
  return v;
}

export function parseInteger(flag: string, text: string, min = 0): number {
  const v = parseNumber(flag, text);
  if (!Number.isInteger(v) || v < min) {
    throw new UsageError(`${flag}: '${text}' must be an integer ≥ ${min}`);
  }
  return v;
}

export function parseVector(flag: string, text: string, n?: number): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const v = parts.map((p) => Number(p));
  if (parts.some((p) => p === '') || v.some((x) => !Number.isFinite(x))) {
    throw new UsageError(`${flag}: '${text}' is not a comma-separated list of finite numbers (e.g. ${flag} -1.5,2)`);
  }
  if (n !== undefined && v.length !== n) {
    throw new UsageError(`${flag}: got ${v.length} coordinates, the function is ${n}-D (give ${n} comma-separated numbers)`);
  }
  return v;
}

export function parseList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${flag}: '${text}' is not one of ${choices.join(', ')}`);
}
