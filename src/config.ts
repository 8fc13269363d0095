/**
 * Configuration: environment variables (and defaults) to a typed, frozen
 * Config. Nothing else in Parasol reads process.env.
 */
import path from 'node:path';
import { DEFAULT_K, MAX_K, MIN_K } from './core/statistics/config.js';
import { RECEIPT_KDF_MIN, TEST_KDF, type KdfParams } from './crypto/index.js';

export interface ListenConfig {
  readonly host: string;
  readonly port: number;
}

export interface Config {
  /** Folder for the SQLite database and, by default, the secrets file. */
  readonly dataDir: string;
  /** The secrets file (pepper, salt, session keys): mode 0600, never in the database or its backups. */
  readonly secretsFile: string;
  /** The key vault (generation keys that wrap shred keys): mode 0600, beside the secrets file, never in backups. */
  readonly vaultFile: string;
  /** This instance's audit checkpoint (the chain's head, kept outside the database): in the data folder, never in backups. */
  readonly auditCheckpointFile: string;
  /** PostgreSQL connection string; when absent Parasol uses SQLite in dataDir. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL connections per instance (PARASOL_PG_POOL_SIZE, 1 to 100). */
  readonly pgPoolSize: number;
  /** The SQLite file (":memory:" for tests). */
  readonly sqliteFile: string;
  readonly reporter: ListenConfig;
  readonly staff: ListenConfig;
  /**
   * The public base address of each surface (PARASOL_REPORTER_URL, PARASOL_STAFF_URL): every absolute link
   * is built from it, never from a request's Host header, which whoever sends the request chooses. Unset means
   * the listener's own http://host:port (local use; refused in production).
   */
  readonly reporterUrl: string | undefined;
  readonly staffUrl: string | undefined;
  /** Argon2id parameters for receipts. */
  readonly receiptKdf: KdfParams;
  /** How many Argon2id runs may hold memory at once, and how many may wait. */
  readonly kdfConcurrency: number;
  readonly kdfMaxQueue: number;
  /** Send cookies with the Secure flag (turn off only for plain-http local use). */
  readonly secureCookies: boolean;
  /** Where the quick-exit control leads: a neutral site. */
  readonly quickExitUrl: string;
  /** Submissions and receipt look-ups allowed per minute per instance (per flow, not per IP address). */
  readonly intakePerMinute: number;
  readonly followUpPerMinute: number;
  /**
   * Database timeouts (PostgreSQL): how long to wait for a new connection, for one query's answer, and how
   * long an idle connection is kept. A stuck server or a network partition then gives a page within seconds,
   * and the pool replaces the connections it lost by itself.
   */
  readonly dbConnectTimeoutMs: number;
  readonly dbQueryTimeoutMs: number;
  readonly dbIdleTimeoutMs: number;
  /** Optional Redis for rate limits shared between instances. */
  readonly redisUrl: string | undefined;
  readonly logLevel: string;
  /** SMTP server for activity notices (smtp:// or smtps:// URL); none means no e-mail. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** How long activity notices wait, so that they carry no precise time of a report. */
  readonly noticeDelayMs: number;
  /** How long a retired vault generation is kept after deletions (recent backups stay restorable meanwhile). */
  readonly shredGraceMs: number;
  /** Run background jobs (retention, deliveries) in this instance. */
  readonly runJobs: boolean;
  /** How long an instance holds a job without renewing its lease (another takes over after it is killed). */
  readonly jobLeaseMs: number;
  /** How often an instance with jobs on looks whether a job is due. */
  readonly jobPollMs: number;
  /** Staff session: idle and absolute timeouts (PARASOL_STAFF_IDLE_MINUTES, PARASOL_STAFF_MAX_HOURS). */
  readonly staffIdleMs: number;
  readonly staffAbsoluteMs: number;
  /** The statistics threshold k: no published count of people is below it (PARASOL_STATS_K, 3 to 100). */
  readonly statsK: number;
  /**
   * The identifier key service (PARASOL_IDENTIFIER_SERVICE): the path of its Unix socket. Unset, a local
   * service runs inside this process with its key file in the data folder: a convenience for local use and
   * tests, refused in production, where the service runs apart as another user.
   */
  readonly identifierService: string | undefined;
  /** The file holding the secret shared with the identifier service (PARASOL_IDENTIFIER_SECRET_FILE). */
  readonly identifierSecretFile: string;
  /** Allows KDF parameters below the production floor. Tests and benchmarks only. */
  readonly insecureFastKdf: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\s*-?\d+\s*$/.test(raw) || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(max === Number.MAX_SAFE_INTEGER ? `${name} must be a whole number of at least ${min}` : `${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** Log levels the logger knows. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Upper bounds where a value could take the machine down: Argon2id memory is
 * held per concurrent run, so memory times concurrency is what a flood of
 * receipts costs (a 1 GB VPS has room for the defaults, 2 x 64 MiB).
 */
export const LIMITS = {
  kdfMemlimitMib: 1024,
  kdfOpslimit: 20,
  kdfConcurrency: 16,
  kdfMemoryTotalMib: 2048,
  kdfMaxQueue: 10_000,
  pgPoolSize: 100,
} as const;

/** Checks a PostgreSQL connection string: postgres:// or postgresql://, with a host (or a socket folder in ?host=). */
function databaseUrlOf(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const hint = 'set it to postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to use SQLite in the data folder';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a URL: ${hint}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// (it starts with ${url.protocol}//; Parasol runs on PostgreSQL or, without DATABASE_URL, SQLite): ${hint}`);
  }
  if (!url.hostname && !url.searchParams.get('host')) throw new ConfigError(`DATABASE_URL names no host: ${hint}`);
  return raw;
}

/** Checks an SMTP URL: smtp:// or smtps:// with a host. */
function smtpUrlOf(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const hint = 'set it to smtp://USER:PASSWORD@HOST:587 or smtps://USER:PASSWORD@HOST:465, or unset it to send no e-mail';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PARASOL_SMTP_URL is not a URL: ${hint}`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigError(`PARASOL_SMTP_URL must start with smtp:// or smtps://: ${hint}`);
  if (!url.hostname) throw new ConfigError(`PARASOL_SMTP_URL names no host: ${hint}`);
  return raw;
}

/** Checks a Redis URL: redis:// or rediss:// with a host. */
function redisUrlOf(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const hint = 'set it to redis://HOST:6379, or unset it to keep rate limits in this instance';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`REDIS_URL is not a URL: ${hint}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ConfigError(`REDIS_URL must start with redis:// or rediss://: ${hint}`);
  if (!url.hostname) throw new ConfigError(`REDIS_URL names no host: ${hint}`);
  return raw;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false`);
}

/** A public base address: http or https, no credentials, query or fragment; kept without a trailing slash. */
function baseUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a full address such as https://parasol.example.org`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${name} must be an http:// or https:// address without a query, fragment or password`);
  }
  return url.href.replace(/\/+$/, '');
}

/** The base address links to a surface are built from: the configured public one, or the listener's own. */
export function publicBaseUrl(config: Pick<Config, 'reporter' | 'staff' | 'reporterUrl' | 'staffUrl'>, surface: 'reporter' | 'staff'): string {
  const configured = surface === 'reporter' ? config.reporterUrl : config.staffUrl;
  if (configured) return configured;
  const { host, port } = config[surface];
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Reads configuration from the environment; `overrides` win (tests, CLI flags). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(overrides.dataDir ?? env.PARASOL_DATA_DIR ?? 'data/local');
  const insecureFastKdf = overrides.insecureFastKdf ?? bool(env, 'PARASOL_INSECURE_FAST_KDF', false);
  const receiptKdf: KdfParams =
    overrides.receiptKdf ??
    (insecureFastKdf
      ? TEST_KDF
      : {
          opslimit: int(env, 'PARASOL_KDF_OPSLIMIT', RECEIPT_KDF_MIN.opslimit, RECEIPT_KDF_MIN.opslimit, LIMITS.kdfOpslimit),
          memlimit: int(env, 'PARASOL_KDF_MEMLIMIT_MIB', RECEIPT_KDF_MIN.memlimit / 1048576, RECEIPT_KDF_MIN.memlimit / 1048576, LIMITS.kdfMemlimitMib) * 1048576,
        });
  if (!insecureFastKdf && (receiptKdf.opslimit < RECEIPT_KDF_MIN.opslimit || receiptKdf.memlimit < RECEIPT_KDF_MIN.memlimit)) {
    throw new ConfigError('receipt KDF below the floor of t=3, m=64 MiB');
  }
  const kdfConcurrency = overrides.kdfConcurrency ?? int(env, 'PARASOL_KDF_CONCURRENCY', 2, 1, LIMITS.kdfConcurrency);
  if ((receiptKdf.memlimit / 1048576) * kdfConcurrency > LIMITS.kdfMemoryTotalMib) {
    throw new ConfigError(
      `PARASOL_KDF_MEMLIMIT_MIB times PARASOL_KDF_CONCURRENCY is ${(receiptKdf.memlimit / 1048576) * kdfConcurrency} MiB, more than the ${LIMITS.kdfMemoryTotalMib} MiB Parasol allows Argon2id at once: lower one of them`,
    );
  }
  const logLevel = overrides.logLevel ?? (env.PARASOL_LOG_LEVEL || 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`PARASOL_LOG_LEVEL "${logLevel}" is not a log level: use one of ${LOG_LEVELS.join(', ')}`);
  }
  const staffIdleMs = overrides.staffIdleMs ?? int(env, 'PARASOL_STAFF_IDLE_MINUTES', 30, 5, 24 * 60) * 60_000;
  const staffAbsoluteMs = overrides.staffAbsoluteMs ?? int(env, 'PARASOL_STAFF_MAX_HOURS', 12, 1, 72) * 3_600_000;
  if (staffIdleMs > staffAbsoluteMs)
    throw new ConfigError('PARASOL_STAFF_IDLE_MINUTES is longer than PARASOL_STAFF_MAX_HOURS: a session ends at the shorter of the two, so make the idle timeout the shorter');
  const secretsFile = path.resolve(overrides.secretsFile ?? env.PARASOL_SECRETS_FILE ?? path.join(dataDir, 'secrets.json'));
  const quickExitUrl = overrides.quickExitUrl ?? env.PARASOL_QUICK_EXIT_URL ?? 'https://www.bbc.com/weather';
  if (!/^https:\/\//.test(quickExitUrl)) throw new ConfigError('PARASOL_QUICK_EXIT_URL must be an https:// address');
  const reporterUrl = 'reporterUrl' in overrides ? overrides.reporterUrl : baseUrl(env, 'PARASOL_REPORTER_URL');
  const staffUrl = 'staffUrl' in overrides ? overrides.staffUrl : baseUrl(env, 'PARASOL_STAFF_URL');
  if ((env.NODE_ENV === 'production' || env.PARASOL_MODE === 'production') && (!reporterUrl || !staffUrl)) {
    const missing = [reporterUrl ? null : 'PARASOL_REPORTER_URL', staffUrl ? null : 'PARASOL_STAFF_URL'].filter(Boolean).join(' and ');
    throw new ConfigError(`${missing} must be set in production: the public address of each surface, which every link Parasol builds starts with`);
  }
  const identifierService = 'identifierService' in overrides ? overrides.identifierService : env.PARASOL_IDENTIFIER_SERVICE || undefined;
  if ((env.NODE_ENV === 'production' || env.PARASOL_MODE === 'production') && !identifierService) {
    throw new ConfigError('PARASOL_IDENTIFIER_SERVICE must be set in production: the socket of the identifier key service, which runs apart from the main server');
  }
  if (identifierService && /^[a-z]+:\/\//i.test(identifierService)) throw new ConfigError('PARASOL_IDENTIFIER_SERVICE must be the path of a Unix socket (TLS is not supported yet)');
  const config: Config = {
    dataDir,
    identifierService: identifierService ? path.resolve(identifierService) : undefined,
    identifierSecretFile: path.resolve(overrides.identifierSecretFile ?? env.PARASOL_IDENTIFIER_SECRET_FILE ?? path.join(dataDir, 'identifier-service.secret')),
    secretsFile,
    vaultFile: path.resolve(overrides.vaultFile ?? env.PARASOL_VAULT_FILE ?? path.join(path.dirname(secretsFile), 'vault.json')),
    auditCheckpointFile: path.resolve(overrides.auditCheckpointFile ?? path.join(dataDir, 'audit-checkpoint.json')),
    databaseUrl: 'databaseUrl' in overrides ? overrides.databaseUrl : databaseUrlOf(env.DATABASE_URL),
    pgPoolSize: overrides.pgPoolSize ?? int(env, 'PARASOL_PG_POOL_SIZE', 10, 1, LIMITS.pgPoolSize),
    sqliteFile: overrides.sqliteFile ?? path.join(dataDir, 'parasol.sqlite'),
    reporter: overrides.reporter ?? { host: env.PARASOL_REPORTER_HOST ?? '127.0.0.1', port: int(env, 'PARASOL_REPORTER_PORT', 8080, 0, 65535) },
    staff: overrides.staff ?? { host: env.PARASOL_STAFF_HOST ?? '127.0.0.1', port: int(env, 'PARASOL_STAFF_PORT', 8081, 0, 65535) },
    reporterUrl,
    staffUrl,
    receiptKdf,
    kdfConcurrency,
    kdfMaxQueue: overrides.kdfMaxQueue ?? int(env, 'PARASOL_KDF_MAX_QUEUE', 256, 0, LIMITS.kdfMaxQueue),
    secureCookies: overrides.secureCookies ?? bool(env, 'PARASOL_SECURE_COOKIES', false),
    quickExitUrl,
    intakePerMinute: overrides.intakePerMinute ?? int(env, 'PARASOL_INTAKE_PER_MINUTE', 1200, 1),
    followUpPerMinute: overrides.followUpPerMinute ?? int(env, 'PARASOL_FOLLOW_UP_PER_MINUTE', 1200, 1),
    dbConnectTimeoutMs: overrides.dbConnectTimeoutMs ?? int(env, 'PARASOL_DB_CONNECT_TIMEOUT_SECONDS', 3, 1, 600) * 1000,
    dbQueryTimeoutMs: overrides.dbQueryTimeoutMs ?? int(env, 'PARASOL_DB_QUERY_TIMEOUT_SECONDS', 5, 1, 3600) * 1000,
    dbIdleTimeoutMs: overrides.dbIdleTimeoutMs ?? int(env, 'PARASOL_DB_IDLE_TIMEOUT_SECONDS', 30, 1, 3600) * 1000,
    redisUrl: 'redisUrl' in overrides ? overrides.redisUrl : redisUrlOf(env.REDIS_URL),
    logLevel,
    smtpUrl: 'smtpUrl' in overrides ? overrides.smtpUrl : smtpUrlOf(env.PARASOL_SMTP_URL),
    mailFrom: overrides.mailFrom ?? env.PARASOL_MAIL_FROM ?? 'Parasol <parasol@localhost>',
    noticeDelayMs: overrides.noticeDelayMs ?? int(env, 'PARASOL_NOTICE_DELAY_SECONDS', 600) * 1000,
    shredGraceMs: overrides.shredGraceMs ?? int(env, 'PARASOL_SHRED_GRACE_DAYS', 7, 1) * 86_400_000,
    runJobs: overrides.runJobs ?? bool(env, 'PARASOL_RUN_JOBS', true),
    jobLeaseMs: overrides.jobLeaseMs ?? int(env, 'PARASOL_JOB_LEASE_SECONDS', 120, 1) * 1000,
    jobPollMs: overrides.jobPollMs ?? int(env, 'PARASOL_JOB_POLL_SECONDS', 30, 1) * 1000,
    staffIdleMs,
    staffAbsoluteMs,
    statsK: overrides.statsK ?? int(env, 'PARASOL_STATS_K', DEFAULT_K, MIN_K, MAX_K),
    insecureFastKdf,
  };
  return Object.freeze(config);
}
