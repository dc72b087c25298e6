// Which errors are the user's: a Redis outage or a queued job failing for good mid-run is a
// service failure (one line, exit 1, the run resumable), not bad input (exit 2) and not a bug.
import { describe, expect, it } from 'vitest';
import { InputError, ServiceFailure } from '../src/errors.js';
import { QueueFailure } from '../src/queue/coordinator.js';
import { EXIT_SERVICE, EXIT_USAGE } from '../src/cli/errors.js';

describe('error classes', () => {
  it('a queue failure is a service failure, not an InputError', () => {
    const e = new QueueFailure('queue redis://h:1: Redis has not answered for 60 s — stopping');
    expect(e).toBeInstanceOf(ServiceFailure);
    expect(e).not.toBeInstanceOf(InputError);
    expect(e.name).toBe('QueueFailure');
    expect(EXIT_SERVICE).not.toBe(EXIT_USAGE);
  });
});
