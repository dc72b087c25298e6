// Where `o1 train` writes, so that nothing a user made is overwritten: a directory that holds an
// earlier run is never reused except by --resume of that run; the default directory moves on to
// the next free suffix (runs/NAME-2, -3, …), an explicit --out is refused with a hint.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { UsageError } from './errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { outputDirProblem, outputFileProblem } from '../util/outputPath.js';

/** The files a run leaves in its directory. */
const RUN_FILES = ['checkpoint.json', 'curve.csv', 'curve.json', 'curve.svg', 'model.json', 'model.txt'];

/** The run file `dir` already holds, or undefined. */
export function earlierRunFile(dir: string): string | undefined {
  return RUN_FILES.find((f) => existsSync(join(dir, f)));
}

/** `base`, or the first of base-2, base-3, … that holds no run. */
export function freeRunDir(base: string): string {
  if (!earlierRunFile(base)) return base;
  for (let k = 2; ; k++) if (!earlierRunFile(`${base}-${k}`)) return `${base}-${k}`;
}

/** An explicit --out: refused (exit 2) when it holds an earlier run, unless that run is the one resumed. */
export function checkOutDir(out: string, resumedDir?: string): void {
  if (resumedDir !== undefined && resolve(out) === resolve(resumedDir)) return;
  const problem = outputDirProblem(out);
  if (problem) throw new UsageError(`--out ${out}: ${problem}`);
  const file = earlierRunFile(out);
  if (file) {
    throw new UsageError(`--out ${out}: holds an earlier run (${file}); choose another --out, continue it with --resume ${join(out, 'checkpoint.json')}, or delete it`);
  }
}

/** A model saved by --name goes to the user's registry, never over a model already there, and
 *  never inside an installed copy of the package. */
export function checkRegistryTarget(dir: string, name: string): void {
  const inInstalledPackage = resolve(dir).startsWith(resolve(PACKAGE_ROOT) + sep) && resolve(PACKAGE_ROOT).split(sep).includes('node_modules');
  if (inInstalledPackage) throw new UsageError(`--name ${name}: ${dir} is inside the installed o1 package; run from your project or set O1_MODELS_DIR`);
  const problem = outputDirProblem(dir);
  if (problem) throw new UsageError(`--name ${name}: the model registry ${dir}${process.env.O1_MODELS_DIR ? ' ($O1_MODELS_DIR)' : ''} cannot take it: ${problem}`);
  for (const ext of ['json', 'txt']) {
    const file = join(dir, `${name}.${ext}`);
    if (existsSync(file)) throw new UsageError(`--name ${name}: ${file} exists; choose another --name or delete it`);
  }
}

/** A directory a command writes into (--report, a default run directory): exit 2 before any work
 *  when it is a file, under a file, or not writable. */
export function checkOutputDir(flag: string, dir: string): void {
  const problem = outputDirProblem(dir);
  if (problem) throw new UsageError(`${flag} ${dir}: ${problem}`);
}

/** A file a command writes (viz --out), checked the same way before the work. */
export function checkOutputFile(flag: string, file: string): void {
  const problem = outputFileProblem(file);
  if (problem) throw new UsageError(`${flag} ${file}: ${problem}`);
}

/** A report directory (bench --report): a new or empty one only. Writing a report over an earlier
 *  one would replace some files and leave others stale (another run's plots beside this report.md). */
export function checkReportDir(flag: string, dir: string): void {
  checkOutputDir(flag, dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
  const held = readdirSync(dir).sort();
  if (held.length > 0) {
    const shown = held.slice(0, 3).join(', ') + (held.length > 3 ? `, … (${held.length} entries)` : '');
    throw new UsageError(`${flag} ${dir}: is not empty (${shown}); choose a new or empty directory, or delete it`);
  }
}
