// `o1 models` (the model registry) and `o1 show ID` (one model's config, provenance, weights).
import { Command } from 'commander';
import { join } from 'node:path';
import type { CliIO } from '../io.js';
import { loadModel } from '../../model/io.js';
import { modelDirs, modelIds, registryDir, resolveModel } from '../../model/resolve.js';
import { checkRegistryPair } from '../../model/registry.js';
import { modelToText } from '../../model/text.js';
import { modelToJson } from '../../model/json.js';
import { formatTable, fmt } from '../../util/table.js';
import { ModelFileError } from '../../model/format.js';

interface Row {
  id: string;
  file: string;
  features?: string;
  layers?: string;
  trainedOn?: string;
  validation?: number;
  created?: string;
  problem?: string;
}

function describe(dir: string, id: string): Row {
  const file = join(dir, `${id}.json`);
  try {
    const m = loadModel(file);
    if (dir === registryDir()) checkRegistryPair(dir, id, m);
    const p = (m.provenance ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    return {
      id,
      file,
      features: m.config.features,
      layers: m.config.layers.join('-'),
      trainedOn: p.trainConfig?.functions?.join(','),
      validation: p.fitness?.validation,
      created: p.run?.created,
    };
  } catch (e) {
    return { id, file, problem: e instanceof ModelFileError ? e.problem : String(e) };
  }
}

export function modelsCommand(io: CliIO): Command {
  return new Command('models')
    .description('list the saved models (./models or $O1_MODELS_DIR, then the shipped ones)')
    .option('--json', 'print machine-readable JSON')
    .action((opts: { json?: boolean }) => {
      const seen = new Set<string>();
      const rows: Row[] = [];
      for (const dir of modelDirs()) for (const id of modelIds(dir)) if (!seen.has(id)) (seen.add(id), rows.push(describe(dir, id)));
      if (opts.json) return void io.out(JSON.stringify(rows, null, 2) + '\n');
      if (!rows.length) return void io.out(`no models in ${modelDirs().join(' or ')}; train one with \`o1 train --name ID\`\n`);
      io.out(
        formatTable(
          ['id', 'features', 'layers', 'trained on', 'validation', 'created', 'file'],
          rows.map((r) => [r.id, r.features ?? '—', r.layers ?? '—', r.trainedOn ?? '—', r.validation === undefined ? '—' : fmt(r.validation), r.created ?? '—', r.problem ? `${r.file} (unreadable: ${r.problem})` : r.file]),
          io.columns,
        ),
      );
    });
}

export function showCommand(io: CliIO): Command {
  return new Command('show')
    .description("print a model's config, provenance and weights (text format; --json for JSON)")
    .argument('[id]', 'model id or file (default: the shipped model)')
    .option('--json', 'print the model file as JSON')
    .action((id: string | undefined, opts: { json?: boolean }) => {
      const model = resolveModel(id);
      io.out(opts.json ? modelToJson(model) : modelToText(model));
    });
}
