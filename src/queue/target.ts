// Where the job queue lives: a redis:// or rediss:// URL (from --queue or $O1_REDIS_URL), with
// the password from the URL or a file. The password is never printed: every log line shows
// `label`, the URL without credentials.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

export interface QueueTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL without credentials, for messages. */
  label: string;
}

export const QUEUE_URL_ENV = 'O1_REDIS_URL';

/** The queue's npm packages: optional peer dependencies of o1, installed by who runs a queue. */
export const QUEUE_PACKAGES = ['bullmq', 'ioredis'] as const;

/** `url` as given to --queue (undefined or true: take $O1_REDIS_URL); `passwordFile` overrides a password in the URL. */
export function queueTarget(url: string | boolean | undefined, passwordFile?: string, env: NodeJS.ProcessEnv = process.env): QueueTarget {
  const text = typeof url === 'string' ? url : env[QUEUE_URL_ENV];
  if (!text) throw new InputError(`--queue: give a redis://HOST:PORT[/DB] URL, or set $${QUEUE_URL_ENV}`);
  const where = typeof url === 'string' ? '--queue' : `$${QUEUE_URL_ENV}`;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new InputError(`${where} '${redact(text)}': not a URL (expected redis://HOST:PORT[/DB] or rediss://…)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new InputError(`${where}: scheme '${u.protocol}' is not supported (use redis:// or rediss:// for TLS)`);
  if (!u.hostname) throw new InputError(`${where}: no host in the URL (expected redis://HOST:PORT[/DB])`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new InputError(`${where}: database '${dbText}' must be a number (redis://HOST:PORT/DB)`);
  let password = u.password ? decodeURIComponent(u.password) : undefined;
  if (passwordFile !== undefined) {
    try {
      password = readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new InputError(`--redis-password-file '${passwordFile}': cannot read it`);
    }
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const db = dbText === '' ? 0 : Number(dbText);
  return {
    host,
    port,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(password !== undefined ? { password } : {}),
    tls: u.protocol === 'rediss:',
    label: `${u.protocol}//${u.hostname}:${port}/${db}`,
  };
}

/** A URL with any credentials replaced by ***. */
export function redact(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//***@');
}
