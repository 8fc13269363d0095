/**
 * Checks made before the server starts, for settings that load fine but
 * cannot work: a data folder Parasol cannot write to, a Redis that does not
 * answer. Each failure is one line naming the setting and what to do
 * (design §7: a read-only or full data folder stops the start with exit 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/** A setting that loads but cannot work; main prints its message alone and exits 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** Fails unless Parasol can create, write and remove a file in the data folder (and write the SQLite file). */
export function checkDataFolder(config: Config): void {
  const dir = config.dataDir;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new StartupError(`The data folder ${dir} (PARASOL_DATA_DIR) cannot be created (${(err as NodeJS.ErrnoException).code}): create it, owned by the user Parasol runs as, mode 0700.`);
  }
  const probe = path.join(dir, `.write-check-${process.pid}`);
  try {
    fs.writeFileSync(probe, 'parasol', { mode: 0o600 });
    fs.rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT')
      throw new StartupError(`The data folder ${dir} (PARASOL_DATA_DIR) cannot be written to: its disk is full. Free space on its disk, then start Parasol again.`);
    const why = code === 'EROFS' ? 'it is on a read-only file system' : `it is not writable (${code})`;
    throw new StartupError(
      `The data folder ${dir} (PARASOL_DATA_DIR) cannot be written to: ${why}. Make it writable by the user Parasol runs as (and, under systemd, listed in ReadWritePaths) and start again.`,
    );
  }
  if (!config.databaseUrl && config.sqliteFile !== ':memory:' && fs.existsSync(config.sqliteFile)) {
    try {
      fs.accessSync(config.sqliteFile, fs.constants.R_OK | fs.constants.W_OK);
    } catch (err) {
      throw new StartupError(`The database file ${config.sqliteFile} cannot be written to (${(err as NodeJS.ErrnoException).code}): make it writable by the user Parasol runs as and start again.`);
    }
  }
}

/** Fails unless the configured Redis answers a PING within a few seconds. */
export async function checkRedis(config: Config, timeoutMs = 3000): Promise<void> {
  if (!config.redisUrl) return;
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: timeoutMs, retryStrategy: () => null });
  let reason = '';
  // Without a listener ioredis prints every connection error with a stack trace.
  redis.on('error', (err: NodeJS.ErrnoException) => (reason ||= err.code ?? err.message));
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
  } catch (err) {
    throw new StartupError(
      `Redis at REDIS_URL (${safeUrl(config.redisUrl)}) does not answer (${reason || (err as Error).message}): start Redis there, or unset REDIS_URL to keep rate limits in this instance.`,
    );
  } finally {
    redis.disconnect();
  }
}

/** A URL without its password, for messages. */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unreadable)';
  }
}
