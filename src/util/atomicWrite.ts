// Writes a file so that a crash never leaves it half-written: write a temporary file beside it,
// fsync, then rename over the target (atomic on POSIX file systems).
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  // Unique per process and call; the leading dot hides it, the .tmp suffix is git-ignored.
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing; removing the temp file matters more */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* it may never have been created */
    }
    throw e;
  }
}
