// Aligned plain-text columns and compact numbers, for every terminal table (CLI listings and the
// benchmark's tables alike).
export function formatTable(header: string[], rows: (string | number)[][], maxWidth?: number): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => cells.length > 0 && cells.every((r) => /^[-+]?[\d.e+-]+%?$|^—$/.test(r[i] ?? '')));
  if (maxWidth !== undefined) fitWidths(header, cells, widths, numeric, maxWidth);
  const line = (r: string[]) => {
    // A wrapped cell spans several lines: the row becomes as many lines as its tallest cell.
    const parts = r.map((c, i) => (numeric[i] || c.length <= widths[i] ? [c] : wrapText(c, widths[i])));
    const height = Math.max(1, ...parts.map((p) => p.length));
    return Array.from({ length: height }, (_, k) =>
      parts.map((p, i) => (numeric[i] ? (p[k] ?? '').padStart(widths[i]) : (p[k] ?? '').padEnd(widths[i]))).join('  ').trimEnd(),
    ).join('\n');
  };
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

/** Narrows the widest text columns together (never numbers, never below 12 characters or the
 *  header) until the table fits in `maxWidth` columns or nothing more can give; their cells are
 *  then wrapped. */
function fitWidths(header: string[], cells: string[][], widths: number[], numeric: boolean[], maxWidth: number): void {
  const floor = header.map((h) => Math.max(12, h.length));
  for (;;) {
    const excess = widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1) - maxWidth;
    if (excess <= 0) return;
    const open = widths.map((w, i) => i).filter((i) => !numeric[i] && widths[i] > floor[i]);
    if (!open.length) return;
    const top = Math.max(...open.map((i) => widths[i]));
    const widest = open.filter((i) => widths[i] === top);
    const next = Math.max(0, ...open.filter((i) => widths[i] < top).map((i) => widths[i]));
    // Level the widest columns down towards the next widest, sharing the excess between them.
    const cut = Math.min(top - next, Math.ceil(excess / widest.length));
    for (const i of widest) widths[i] = Math.max(floor[i], top - cut);
  }
}

/** `text` in lines of at most `width` characters, broken at spaces and after commas and slashes
 *  (a longer piece is cut). */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  // Pieces keep a trailing ',' or '/'; `spaced` says a space stood before the piece.
  const pieces = [...text.matchAll(/(\s*)([^\s,/]*[,/]?)/g)].filter((m) => m[2]).map((m) => ({ spaced: m[1].length > 0, text: m[2] }));
  for (const p of pieces) {
    for (let w = p.text, first = true; w.length > 0; first = false) {
      const piece = w.length > width ? w.slice(0, width) : w;
      w = w.slice(piece.length);
      const sep = cur && first && p.spaced ? ' ' : '';
      if (cur.length + sep.length + piece.length <= width) cur += sep + piece;
      else {
        out.push(cur);
        cur = piece;
      }
    }
  }
  if (cur) out.push(cur);
  return out.length ? out : [''];
}

/** Compact number for tables: 4 significant digits, exponent when far from 1. */
export function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/** A GitHub-flavoured markdown table (cells with "|" escaped). */
export function markdownTable(header: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${header.map(esc).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n') + '\n';
}
