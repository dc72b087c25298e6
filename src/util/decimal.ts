// Plain decimal numbers from text a user typed: Number() would also take '0x10', '0b11', '0o7',
// ' 7 ', '' and 'Infinity', and reads an underflowing '1e-400' as 0 — each of those is refused.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal → its number, or the reason it is not one (a phrase to follow "'TEXT' "). */
export function decimalProblem(text: string): string | number {
  if (!DECIMAL.test(text)) return text.trim() !== text && DECIMAL.test(text.trim()) ? 'has surrounding spaces' : 'is not a finite number in decimal notation';
  const v = Number(text);
  if (!Number.isFinite(v)) return 'is out of the range of a double';
  // A mantissa with a non-zero digit that reads as 0 underflowed (1e-400).
  if (v === 0 && /[1-9]/.test(text.split(/[eE]/)[0])) return 'is too small for a double (it would read as 0)';
  return v;
}
