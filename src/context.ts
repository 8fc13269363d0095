/**
 * The composition root: built once from a Config and shared by the web
 * surfaces and the command line. Tests build one with an in-memory SQLite
 * and fast KDF parameters instead of patching modules.
 */
import { KdfPool } from './crypto/index.js';
import type { Config } from './config.js';
import { connect, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrations.js';
import { systemClock, type Clock, type CoreDeps } from './core/shared/deps.js';
import { readSecretsFile, type Secrets } from './secrets.js';
import { Vault } from './vault.js';
import { ActivityNotifier, smtpMailer, type Mailer } from './core/notifications/notifier.js';
import { memoryFlowLimiter, redisFlowLimiter, type FlowLimiter } from './web/plugins/flow-limit.js';

export interface Context {
  readonly config: Config;
  readonly secrets: Secrets;
  readonly database: DatabaseHandle;
  readonly kdf: KdfPool;
  readonly clock: Clock;
  /** What domain functions need. */
  readonly core: CoreDeps;
  readonly limiter: FlowLimiter;
  readonly notifier: ActivityNotifier;
  close(): Promise<void>;
}

export interface ContextOptions {
  /** Secrets to use instead of reading the secrets file (tests). */
  readonly secrets?: Secrets;
  readonly clock?: Clock;
  /** Run migrations on start-up (default true). */
  readonly migrate?: boolean;
  /** A mailer to use instead of the configured SMTP server (tests). */
  readonly mailer?: Mailer;
  /** A vault to use instead of the vault file (tests). */
  readonly vault?: Vault;
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<Context> {
  const secrets = options.secrets ?? readSecretsFile(config.secretsFile);
  const database = connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, poolSize: config.pgPoolSize });
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  const kdf = new KdfPool(config.kdfConcurrency, config.kdfMaxQueue);
  const clock = options.clock ?? systemClock;
  // ioredis is loaded only when Redis is configured (several megabytes an instance without it never needs).
  const limiter = config.redisUrl ? redisFlowLimiter(watchedRedis(new (await import('ioredis')).Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false }))) : memoryFlowLimiter();
  const vault = options.vault ?? Vault.open(config.vaultFile, !(await database.db.selectFrom('report_vault').select('report_id').limit(1).executeTakeFirst()));
  const core: CoreDeps = { db: database.db, secrets, kdf, receiptKdf: config.receiptKdf, clock, vault };
  const mailer = options.mailer ?? (config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : null);
  const notifier = new ActivityNotifier(database.db, mailer, { delayMs: config.noticeDelayMs });
  return {
    config,
    secrets,
    database,
    kdf,
    clock,
    core,
    limiter,
    notifier,
    async close() {
      notifier.close();
      await limiter.close();
      await database.close();
    },
  };
}

/**
 * Redis going away while running: one line when it goes and one when it
 * returns, instead of ioredis printing each reconnection failure with a
 * stack trace (design §7).
 */
function watchedRedis<R extends import('ioredis').Redis>(redis: R): R {
  let down = false;
  redis.on('error', (err: NodeJS.ErrnoException) => {
    if (down) return;
    down = true;
    process.stderr.write(`Redis (REDIS_URL) stopped answering (${err.code ?? 'error'}); retrying in the background.\n`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    process.stderr.write('Redis (REDIS_URL) answers again.\n');
  });
  return redis;
}
