// Bad input from a user (a flag, a file, a module): the message says what, where and how to fix
// it. The CLI prints it alone and exits with code 2; library callers can catch this one class.
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

// A service a run depends on failed while it ran (the Redis job queue stayed away, a queued job
// failed for good): neither the user's input nor a bug. The CLI prints its one line and exits 1;
// the run stops resumable.
export class ServiceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceFailure';
  }
}
