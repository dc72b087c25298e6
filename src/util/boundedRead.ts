// Reads a user-named input file (a model, a config, a checkpoint) only when it is a regular file of
// a sane size: a device (/dev/zero, /dev/urandom), a FIFO or a socket would block or never end,
// and a huge file would be read into memory whole before any check could refuse it.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** Why a file cannot be read (the message after the path); the caller wraps it in its own error. */
export class FileReadProblem extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FileReadProblem';
  }
}

function errnoReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'ELOOP') return 'too many symbolic links';
  if (err?.code === 'ENAMETOOLONG') return 'the path is too long';
  return err?.code ? `cannot open it (${err.code})` : String(e instanceof Error ? e.message : e);
}

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The file's bytes; throws FileReadProblem when it is not a regular file, is over maxBytes, or
 *  cannot be read. Never blocks on a FIFO and never reads more than maxBytes + 1 bytes. */
export function readRegularFile(path: string, maxBytes: number): Buffer {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new FileReadProblem(errnoReason(e));
  }
  if (!st.isFile()) throw new FileReadProblem(`is ${kindOf(st)}, not a regular file`);
  if (st.size > maxBytes) throw new FileReadProblem(`${st.size} bytes is over the ${maxBytes}-byte limit for this kind of file — wrong file?`);
  let fd: number;
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO after the stat, opening it does not wait.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new FileReadProblem(errnoReason(e));
  }
  try {
    const st2 = fstatSync(fd);
    if (!st2.isFile()) throw new FileReadProblem(`is ${kindOf(st2)}, not a regular file`);
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st2.size, 0) + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > maxBytes) throw new FileReadProblem(`is over the ${maxBytes}-byte limit for this kind of file — wrong file?`);
        break;
      }
      let k: number;
      try {
        k = readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        throw new FileReadProblem(errnoReason(e));
      }
      if (k === 0) break;
      n += k;
    }
    if (n > maxBytes) throw new FileReadProblem(`is over the ${maxBytes}-byte limit for this kind of file — wrong file?`);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
