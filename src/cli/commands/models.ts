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
import { DEFAULT_ENGINE, getEngine } from '../../engine/index.js';
import type { Engine } from '../../engine/types.js';
import { commonMomentumScore, commonScore, commonScoreConfig } from '../../train/commonScore.js';

/** `text` broken at spaces to `columns` (no limit when unknown). */
function wrapText(text: string, columns: number | undefined): string {
  if (!columns || columns < 20) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > columns) (lines.push(line), (line = word));
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

interface Row {
  id: string;
  file: string;
  features?: string;
  layers?: string;
  trainedOn?: string;
  /** The model's own training validation (its run's set: not comparable across models). */
  validation?: number;
  /** The common score: every model on the same tasks (src/train/commonScore.ts). */
  score?: number;
  created?: string;
  problem?: string;
}

function describe(dir: string, id: string, engine: Engine): Row {
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
      score: commonScore(engine, m),
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
    .action(async (opts: { json?: boolean }) => {
      const engine = await getEngine(DEFAULT_ENGINE);
      const seen = new Set<string>();
      const rows: Row[] = [];
      for (const dir of modelDirs()) for (const id of modelIds(dir)) if (!seen.has(id)) (seen.add(id), rows.push(describe(dir, id, engine)));
      // --json stays a list of rows (scripts read it); each row's `score` is the common one.
      if (opts.json) return void io.out(JSON.stringify(rows, null, 2) + '\n');
      const cfg = commonScoreConfig();
      const momentum = commonMomentumScore(engine);
      const about = `score: every model on the same tasks — o1 train's default validation set at seed ${cfg.seed} (${cfg.functions.join(', ')}; ${cfg.starts} starts; ${cfg.steps} steps), mean log10(gap_T / gap_0), lower is better; momentum at its best lr of training's grid (${momentum.lr}) scores ${fmt(momentum.score)} there. A model's own training validation (--json: validation) is on its run's set and not comparable across models.`;
      if (!rows.length) return void io.out(`no models in ${modelDirs().join(' or ')}; train one with \`o1 train --name ID\`\n`);
      io.out(
        formatTable(
          ['id', 'features', 'layers', 'trained on', 'score', 'created', 'file'],
          rows.map((r) => [r.id, r.features ?? '—', r.layers ?? '—', r.trainedOn ?? '—', r.score === undefined ? '—' : fmt(r.score), r.created ?? '—', r.problem ? `${r.file} (unreadable: ${r.problem})` : r.file]),
          io.columns,
        ),
      );
      io.out(wrapText(about, io.columns) + '\n');
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
