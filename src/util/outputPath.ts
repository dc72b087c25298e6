// Output paths (--out, --report, the model registry) checked before the work starts, so a long run
// never ends in "cannot write": the target must be (or be creatable as) a directory, or a file
// whose directory is, and writable. Writability is probed by creating and removing a hidden file
// in the nearest existing directory — permission bits alone miss read-only mounts and root.
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return 'notdir' as const;
    // A folder on the way that this user may not search: the path cannot be used, say which.
    if (code === 'EACCES' || code === 'EPERM') return 'denied' as const;
    throw e;
  }
}

let probeCounter = 0;

function probeWritable(dir: string): string | undefined {
  const probe = join(dir, `.o1-write-probe.${process.pid}.${++probeCounter}.tmp`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return `${dir} is not writable (permission denied)`;
    if (code === 'EROFS') return `${dir} is on a read-only file system`;
    return `cannot create files in ${dir} (${code ?? String(e)})`;
  }
}

/** Why `dir` cannot be used as an output directory (created if missing), or undefined. */
export function outputDirProblem(dir: string): string | undefined {
  let p = resolve(dir);
  const st = statOrUndefined(p);
  if (st === 'notdir') return ancestorFileProblem(p);
  if (st === 'denied') return deniedProblem(p);
  if (st) return st.isDirectory() ? probeWritable(p) : 'exists and is not a directory';
  // Missing: the nearest existing ancestor must be a writable directory.
  for (;;) {
    const up = dirname(p);
    if (up === p) return 'no existing parent directory';
    p = up;
    const s = statOrUndefined(p);
    if (s === 'notdir') return ancestorFileProblem(p);
    if (s === 'denied') return deniedProblem(p);
    if (s) return s.isDirectory() ? probeWritable(p) : `it would be under ${p}, which is a file, not a directory`;
  }
}

function deniedProblem(p: string): string {
  return `permission denied: this user cannot look inside ${dirname(p)} (choose a path you can write, or change the folder's permissions)`;
}

function ancestorFileProblem(p: string): string {
  for (let q = dirname(p); q !== dirname(q); q = dirname(q)) {
    const s = statOrUndefined(q);
    if (s && s !== 'notdir' && s !== 'denied' && !s.isDirectory()) return `it would be under ${q}, which is a file, not a directory`;
  }
  return 'a part of the path is not a directory';
}

/** Why `file` cannot be written (replaced atomically: its directory must take a new file), or undefined. */
export function outputFileProblem(file: string): string | undefined {
  const st = statOrUndefined(resolve(file));
  if (st === 'notdir') return ancestorFileProblem(resolve(file));
  if (st === 'denied') return deniedProblem(resolve(file));
  if (st && st.isDirectory()) return 'is a directory; give a file name';
  if (st && !st.isFile()) return 'exists and is not a regular file';
  // A file goes into a folder that exists: a typo in the folder must not make a new tree.
  const dir = dirname(resolve(file));
  if (statOrUndefined(dir) === undefined) return `its folder ${dir} does not exist (create it first, or give another path)`;
  return outputDirProblem(dir);
}
