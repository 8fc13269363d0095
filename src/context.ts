/**
 * The composition root: built once from a Config and shared by the web
 * surfaces and the command line. Tests build one with an in-memory SQLite
 * and fast KDF parameters instead of patching modules.
 */
import { argon2id, KdfPool } from './crypto/index.js';
import type { Config } from './config.js';
import { connect, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrations.js';
import { systemClock, type Clock, type CoreDeps } from './core/shared/deps.js';
import { followUpShare, RECEIPT_FLOWS } from './core/reports/reports.service.js';
import { readSecretsFile, type Secrets } from './infra/secrets.js';
import { Vault } from './infra/vault.js';
import { checkSecretsFingerprint } from './infra/secrets-fingerprint.js';
import { AttemptMemory } from './core/accounts/throttle.js';
import type { IdentifierKeys } from './core/reports/identifiers.js';
import { connectIdentifierService, type IdentifierConnection } from './identifier-service/connect.js';
import { AuditAnchor, AuditAnchorError } from './core/audit/anchor.js';
import { ActivityNotifier, smtpMailer, type Mailer } from './core/notifications/notifier.js';
import { memoryFlowLimiter, redisFlowLimiter, type FlowLimiter } from './infra/flow-limit.js';
import { memoryStaffKeyStore, redisStaffKeyStore, type StaffKeyStore } from './infra/staff-key-store.js';
import { memoryReceiptPages, redisReceiptPages, type ReceiptPageStore } from './infra/receipt-pages.js';

export interface Context {
  readonly config: Config;
  readonly secrets: Secrets;
  readonly database: DatabaseHandle;
  readonly kdf: KdfPool;
  readonly clock: Clock;
  /** What domain functions need. */
  readonly core: CoreDeps;
  readonly limiter: FlowLimiter;
  /** The server's halves of logged-in caseworkers' keys (memory, or Redis with several instances). */
  readonly staffKeys: StaffKeyStore;
  /** Receipt pages of reports just sent, for a few minutes (memory, or Redis with several instances; never the database). */
  readonly receiptPages: ReceiptPageStore;
  readonly notifier: ActivityNotifier;
  /** The demo organisations in the database, read when a surface is built: every page then carries the demo banner. */
  readonly demo: DemoMark;
  /** This instance's audit checkpoint: follows the chain's head after each request, at start and at close. */
  readonly auditAnchor: AuditAnchor;
  close(): Promise<void>;
}

/** Names of demo organisations (empty on a real installation). */
export interface DemoMark {
  organisations: readonly string[];
}

export interface ContextOptions {
  /** Secrets to use instead of reading the secrets file (tests). */
  readonly secrets?: Secrets;
  readonly clock?: Clock;
  /** Run migrations on start-up (default true). */
  readonly migrate?: boolean;
  /** A mailer to use instead of the configured SMTP server (tests). */
  readonly mailer?: Mailer;
  /** The Argon2id function the KDF pool calls (tests observe which derivations run, and when). */
  readonly kdfRun?: typeof argon2id;
  /** The identifier key service to use instead of the configured one (tests). */
  readonly identifierKeys?: IdentifierKeys;
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<Context> {
  const secrets = options.secrets ?? readSecretsFile(config.secretsFile);
  const database = connect({
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    poolSize: config.pgPoolSize,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    queryTimeoutMs: config.dbQueryTimeoutMs,
    idleTimeoutMs: config.dbIdleTimeoutMs,
  });
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  // Wrong receipts are guessed on follow-up: it gets its own queue and at most half the slots, so intake always has some.
  const kdf = new KdfPool(config.kdfConcurrency, config.kdfMaxQueue, options.kdfRun ?? argon2id, { [RECEIPT_FLOWS.followUp]: followUpShare(config.kdfConcurrency) });
  const clock = options.clock ?? systemClock;
  // ioredis is loaded only when Redis is configured (several megabytes an instance without it never needs).
  const redis = config.redisUrl ? watchedRedis(new (await import('ioredis')).Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false })) : null;
  const limiter = redis ? redisFlowLimiter(redis) : memoryFlowLimiter();
  // One client for both: the limiter's close() disconnects it.
  const staffKeys = redis ? redisStaffKeyStore(redis) : memoryStaffKeyStore(() => clock.now().getTime());
  const receiptPages = redis ? redisReceiptPages(redis) : memoryReceiptPages(() => clock.now().getTime());
  /** A start that fails from here closes what it opened, so the process can exit with its one line. */
  const giveUp = async () => {
    await database.close();
    // disconnect(), not quit(): quit waits for a server that may not answer, and keeps the process alive.
    // Its watcher would print that Redis "stopped answering": this is no outage, so it is told nothing.
    redis?.removeAllListeners().on('error', () => {});
    redis?.disconnect();
  };
  // The secrets file must be this database's (one line and exit 1 otherwise), before the vault opens with it.
  const vault = Vault.forSecrets(secrets, config.vaultFile);
  try {
    await checkSecretsFingerprint(database.db, secrets, config.secretsFile);
    // The vault is shared in the database and mirrored to the vault file; an empty table takes the file's generations.
    await vault.prepare(database.db);
  } catch (err) {
    await giveUp();
    throw err;
  }
  // A checkpoint others can read, or one altered or foreign, stops the start (one line, like the vault).
  const auditAnchor = new AuditAnchor(config.auditCheckpointFile, secrets);
  try {
    await auditAnchor.advance(database.db);
  } catch (err) {
    // Anything else (a schema not yet migrated) leaves the checkpoint for later.
    if (err instanceof AuditAnchorError) {
      await giveUp();
      throw err;
    }
  }
  let identifiers: IdentifierConnection | null = null;
  try {
    identifiers = options.identifierKeys ? null : await connectIdentifierService(config);
  } catch (err) {
    await giveUp();
    throw err;
  }
  const identifierKeys = options.identifierKeys ?? identifiers!.keys;
  const core: CoreDeps = { db: database.db, secrets, kdf, receiptKdf: config.receiptKdf, clock, vault, attempts: new AttemptMemory(), identifierKeys };
  const mailer = options.mailer ?? (config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : null);
  const notifier = new ActivityNotifier(database.db, mailer);
  return {
    config,
    secrets,
    database,
    kdf,
    clock,
    core,
    limiter,
    staffKeys,
    receiptPages,
    notifier,
    demo: { organisations: [] },
    auditAnchor,
    async close() {
      notifier.close();
      await staffKeys.close();
      await receiptPages.close();
      await auditAnchor.follow(database.db);
      await limiter.close();
      await identifiers?.close();
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
