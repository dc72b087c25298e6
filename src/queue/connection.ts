// Redis connections for the queue (ioredis, as BullMQ uses it): options from a QueueTarget, a
// first check that turns a refused connection, an unknown host or a wrong password into one clear
// error, and reconnection with back-off afterwards (Redis restarts are survived, not fatal).
import { Redis, type RedisOptions } from 'ioredis';
import { InputError } from '../errors.js';
import type { QueueTarget } from './target.js';

export function redisOptions(t: QueueTarget): RedisOptions {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    ...(t.username ? { username: t.username } : {}),
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.tls ? { tls: { servername: t.host } } : {}),
    // BullMQ's blocking connections need unlimited retries per command; a lost connection is
    // retried with back-off (capped at 1 s) until Redis is back.
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
    connectTimeout: 5000,
  };
}

/** Connects once (no retries) and pings: resolves if Redis answers, else one clear InputError. */
export async function checkRedis(t: QueueTarget): Promise<void> {
  const client = new Redis({ ...redisOptions(t), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  // A failed connect rejects with "Connection is closed."; the cause arrives as an 'error' event.
  let cause: unknown;
  client.on('error', (e) => (cause ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new InputError(`queue ${t.label}: ${explain(cause ?? e)}`);
  } finally {
    client.disconnect();
  }
}

export function explain(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = err?.message ?? String(e);
  if (err?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg)) return 'connection refused (is redis-server running there, on that port? check --queue)';
  if (err?.code === 'ENOTFOUND' || /ENOTFOUND|EAI_AGAIN/.test(msg)) return 'unknown host (check the host name in --queue)';
  if (/WRONGPASS|invalid password|invalid username-password/i.test(msg)) return 'wrong password (check --redis-password-file or the password in $O1_REDIS_URL)';
  if (/NOAUTH/.test(msg)) return 'Redis asks for a password (give it with --redis-password-file or in $O1_REDIS_URL)';
  if (/ETIMEDOUT|timed? ?out/i.test(msg)) return 'no answer within 5 s (host unreachable, or a firewall in the way?)';
  if (/SSL|TLS|certificate|EPROTO/i.test(msg)) return `TLS handshake failed (${msg}); is the server speaking TLS (rediss://) or plain (redis://)?`;
  return msg;
}
