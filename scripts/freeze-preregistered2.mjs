#!/usr/bin/env node
// Writes the SECOND pre-registered split's manifest (src/bench/preregistered2.json) from the code
// (buildPreregistered2Manifest in src/bench/preregistered2.ts) and prints its SHA-256, to be
// recorded as PREREGISTERED2_SHA256 (split 1: freeze-preregistered.mjs). Run once, when a split is frozen; it never overwrites an
// existing manifest (a frozen split is not regenerated: a new split is a new file and name).
//   node scripts/freeze-preregistered2.mjs         write it if absent, print the hash
//   node scripts/freeze-preregistered2.mjs --check  compare the file with what the code builds
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freezeManifest } from './freeze-manifest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
register('./ts-hooks.mjs', import.meta.url);
const { manifestText, sha256Text } = await import(pathToFileURL(join(root, 'src/bench/preregistered.ts')).href);
const { buildPreregistered2Manifest, PREREGISTERED2_MANIFEST_PATH, PREREGISTERED2_SHA256 } = await import(pathToFileURL(join(root, 'src/bench/preregistered2.ts')).href);

const file = join(root, PREREGISTERED2_MANIFEST_PATH);
const text = manifestText(buildPreregistered2Manifest());
freezeManifest({ file, text, recorded: PREREGISTERED2_SHA256, sha256Text });
