// Terminal tables fit the terminal (issue 24 item 12): given a width, the widest text columns are
// narrowed together and their cells wrapped at spaces, commas and slashes; numbers are never
// wrapped; without a width (a pipe, a test) the table is as before.
import { describe, expect, it } from 'vitest';
import { formatTable, wrapText } from '../src/util/table.js';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';

const header = ['name', 'hyper-parameters (defaults)', 'description'];
const rows = [
  ['adamw-cosine', 'lr=0.001 betas=0.9,0.999 eps=1e-8 weight_decay=0.01 warmup=0.05 total_steps=0', 'AdamW with linear warmup then cosine decay to 0 over the run (torch.optim.AdamW under a LambdaLR schedule), as AlgoPerf baselines use it'],
  ['sgd', 'lr=0.001', 'SGD'],
];

describe('formatTable with a width', () => {
  it('fits every line in the width and keeps every character of every cell', () => {
    for (const width of [60, 80, 120]) {
      const text = formatTable(header, rows, width);
      for (const line of text.trimEnd().split('\n')) expect(line.length, `${width}: ${line}`).toBeLessThanOrEqual(width);
      const squash = (s: string) => s.replace(/[\s-]/g, '');
      for (const cell of rows.flat()) for (const word of cell.split(/\s+/)) expect(squash(text)).toContain(squash(word).slice(0, 10));
    }
  });

  it('leaves a table that fits, and a table without a width, unchanged', () => {
    expect(formatTable(header, rows, 10_000)).toBe(formatTable(header, rows));
    expect(formatTable(header, rows).split('\n')[2].length).toBeGreaterThan(200);
  });

  it('never wraps numbers, and wraps text at spaces, commas and slashes', () => {
    expect(wrapText('rosenbrock,rastrigin,himmelblau', 12)).toEqual(['rosenbrock,', 'rastrigin,', 'himmelblau']);
    expect(wrapText('/work/models/default.json', 14)).toEqual(['/work/models/', 'default.json']);
    expect(wrapText('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    const t = formatTable(['x', 'text'], [['123456789012345', 'a b c d e f g h i j k l m n o p']], 24);
    expect(t).toContain('123456789012345');
  });

  it('o1 optimizers fits an 80-column terminal', async () => {
    const io = Object.assign(bufferIO(), { columns: 80 });
    expect(await main(['optimizers'], io)).toBe(0);
    const lines = io.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
