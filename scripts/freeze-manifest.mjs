// The freeze step both pre-registered splits share (freeze-preregistered.mjs,
// freeze-preregistered-split.mjs): write a split's manifest once (temp file, then rename), never over
// an existing one; with --check, compare the file with what the code builds and with the
// recorded hash (exit 1 when either differs).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** file: the manifest's path; text: what the code builds; recorded: the SHA-256 in the code. */
export function freezeManifest({ file, text, recorded, sha256Text }) {
  if (process.argv.includes('--check')) {
    const on = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const same = on === text;
    console.log(`${file}: ${same ? 'the code builds it' : 'DIFFERS from what the code builds'}; sha256 ${sha256Text(on)} (recorded ${recorded})`);
    process.exit(same && sha256Text(on) === recorded ? 0 : 1);
  }
  if (existsSync(file)) {
    console.error(`${file} exists: a frozen split is not rewritten (use --check)`);
    process.exit(2);
  }
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  console.log(`wrote ${file}\nsha256 ${sha256Text(text)}`);
}
