// Cells of the benchmark's tables, shared by every suite's report.
import { fmt } from '../util/table.js';

/** A win rate: 2 decimals, "—" when undefined. */
export function fmtRate(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : '—';
}

/** A learning rate: 3 significant digits, "—" for o1 (untuned). */
export function fmtLr(lr: number | null | undefined): string {
  return lr === null || lr === undefined ? '—' : fmt(lr, 3);
}

/** A tuned lr with "‡" when the choice sat on a hard bound of the self-extending grid. */
export function fmtTunedLr(lr: number | null | undefined, bound: string | null | undefined): string {
  return fmtLr(lr) + (bound ? '‡' : '');
}
