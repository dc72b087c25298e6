// A usage error on the command line. Every InputError (bad flag, bad model file, bad module) is
// printed alone and exits with code 2 — never a stack trace.
import { InputError } from '../errors.js';

export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_USAGE = 2;

/** A service the run needs failed mid-run (errors.ts ServiceFailure): one line, exit 1, resumable. */
export const EXIT_SERVICE = 1;

/** A run stopped by SIGINT/SIGTERM after saving its state: exit 130 with how to continue. */
export class Interrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Interrupted';
  }
}

export const EXIT_INTERRUPTED = 130;
