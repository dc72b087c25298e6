#!/usr/bin/env node
// Writes a pre-registered split's manifest in split 2's form (src/bench/preregistered<N>.json,
// N = 2, 3) from the code (buildSplitManifest with the split's spec, src/bench/preregisteredSplit.ts)
// and prints its SHA-256, to be recorded in the split's spec (split 1: freeze-preregistered.mjs).
// Run once, when a split is frozen; it never overwrites an existing manifest (a frozen split is not
// regenerated: a new split is a new file and name).
//   node scripts/freeze-preregistered-split.mjs N          write it if absent, print the hash
//   node scripts/freeze-preregistered-split.mjs N --check  compare the file with what the code builds
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freezeManifest } from './freeze-manifest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const n = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (n !== '2' && n !== '3') {
  console.error('usage: node scripts/freeze-preregistered-split.mjs 2|3 [--check]');
  process.exit(2);
}
register('./ts-hooks.mjs', import.meta.url);
const { manifestText, sha256Text } = await import(pathToFileURL(join(root, 'src/bench/preregistered.ts')).href);
const { buildSplitManifest } = await import(pathToFileURL(join(root, 'src/bench/preregisteredSplit.ts')).href);
const { [`SPLIT${n}`]: spec } = await import(pathToFileURL(join(root, `src/bench/preregistered${n}.ts`)).href);

const file = join(root, spec.manifestPath);
freezeManifest({ file, text: manifestText(buildSplitManifest(spec)), recorded: spec.sha256, sha256Text });
