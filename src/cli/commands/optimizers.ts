// `o1 optimizers`: every optimizer with its hyper-parameters (PyTorch names) and defaults.
import { Command } from 'commander';
import type { CliIO } from '../io.js';
import { ALL_OPTIMIZERS } from '../../optimizers/index.js';
import { formatTable, fmt } from '../../util/table.js';

export function optimizersCommand(io: CliIO): Command {
  return new Command('optimizers')
    .description('list the optimizers and their hyper-parameters with defaults')
    .option('--json', 'print machine-readable JSON')
    .action((opts: { json?: boolean }) => {
      // o1 is listed first; its behaviour is its model (--model), its knobs lr and max_growth scale it.
      const rows = ALL_OPTIMIZERS.map((o) => ({
        name: o.name,
        id: o.id,
        description: o.description,
        hyper: o.hyper.map((h) => ({ name: h.name, default: h.default, min: h.min, max: h.max, description: h.description })),
      }));
      if (opts.json) {
        // JSON has no Infinity (prodigy's growth_rate): it is written as the string "Infinity"
        io.out(JSON.stringify(rows, (_k, v) => (v === Infinity ? 'Infinity' : v), 2) + '\n');
        return;
      }
      io.out(
        formatTable(
          ['name', 'hyper-parameters (defaults)', 'description'],
          rows.map((r) => [r.name, r.hyper.map((h) => `${h.name}=${fmt(h.default)}`).join(' ') || '—', r.description]),
          io.columns,
        ),
      );
    });
}
