// `o1 functions`: the table of built-in test functions.
import { Command } from 'commander';
import type { CliIO } from '../io.js';
import { FUNCTIONS } from '../../functions/index.js';
import { formatTable, fmt } from '../../util/table.js';

export function functionsCommand(io: CliIO): Command {
  return new Command('functions')
    .description('list the built-in test functions (domain, minimisers, f*, tags)')
    .option('--json', 'print machine-readable JSON')
    .action((opts: { json?: boolean }) => {
      const rows = FUNCTIONS.map((fn) => {
        const n = fn.defaultDims;
        const box = fn.domain(n);
        return {
          name: fn.name,
          id: fn.id,
          dims: fn.nd ? 'n' : n,
          domain: box.lo.map((lo, i) => [lo, box.hi[i]]),
          minimisers: fn.minimisers(n),
          fmin: fn.fmin(n),
          tags: fn.tags,
          description: fn.description,
        };
      });
      if (opts.json) {
        io.out(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      io.out(
        formatTable(
          ['name', 'dims', 'domain (2-D)', 'f*', 'minimisers', 'tags'],
          rows.map((r) => [
            r.name,
            String(r.dims),
            r.domain.map(([lo, hi]) => `[${fmt(lo)}, ${fmt(hi)}]`).join('×'),
            fmt(r.fmin, 7),
            String(r.minimisers.length),
            r.tags.join(', '),
          ]),
          io.columns,
        ),
      );
    });
}
