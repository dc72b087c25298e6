// Bad input from a user (a flag, a file, a module): the message says what, where and how to fix
// it. The CLI prints it alone and exits with code 2; library callers can catch this one class.
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
