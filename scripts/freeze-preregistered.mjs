#!/usr/bin/env node
// Writes the pre-registered split's manifest (src/bench/preregistered.json) from the code
// (buildPreregisteredManifest in src/bench/preregistered.ts) and prints its SHA-256, to be
// recorded as PREREGISTERED_SHA256. Run once, when a split is frozen; it never overwrites an
// existing manifest (a frozen split is not regenerated: a new split is a new file and name).
//   node scripts/freeze-preregistered.mjs          write it if absent, print the hash
//   node scripts/freeze-preregistered.mjs --check  compare the file with what the code builds
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freezeManifest } from './freeze-manifest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
register('./ts-hooks.mjs', import.meta.url);
const { buildPreregisteredManifest, manifestText, sha256Text, PREREGISTERED_MANIFEST_PATH, PREREGISTERED_SHA256 } = await import(pathToFileURL(join(root, 'src/bench/preregistered.ts')).href);

const file = join(root, PREREGISTERED_MANIFEST_PATH);
const text = manifestText(buildPreregisteredManifest());
freezeManifest({ file, text, recorded: PREREGISTERED_SHA256, sha256Text });
