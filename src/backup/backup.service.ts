/**
 * Backups: create, verify and restore one encrypted archive.
 *
 * What goes in: a consistent snapshot of the database (field-level encrypted
 * as it is) and a summary of the configuration without any key. What never
 * goes in, unless the operator asks with --with-secrets: the secrets file and
 * the key vault. The vault is what makes crypto-shredding defeat old backups
 * (a destroyed vault generation leaves every older copy of the deleted
 * reports unreadable), so an archive that holds the vault keeps deleted
 * reports readable for as long as the archive is kept; it is encrypted
 * separately under a passphrase, and the operator is warned.
 *
 * Restore writes only into an empty target, and only after the whole archive
 * has been checked: a damaged archive leaves the target exactly as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { randomBytes } from '../crypto/index.js';
import { migrations } from '../db/migrations.js';
import { connect } from '../db/connect.js';
import { Vault, readVaultFile } from '../infra/vault.js';
import { readSecretsFile, type Secrets } from '../infra/secrets.js';
import {
  BACKUP_ERRORS,
  BackupError,
  SECRETS_PART,
  pepperFromSecretsPart,
  readArchive,
  syncDir,
  writeArchive,
  type ArchiveDialect,
  type ArchiveHeader,
  type PartSink,
  type PartSource,
  type ReadResult,
} from './archive.js';
import { applyPostgres, describeDatabaseUrl, dumpPostgres, postgresSchema, postgresTables, snapshotSqlite, sqliteFiles, sqliteSchema, stripSqliteVault } from './database.js';
import { Progress, type ProgressStream } from './progress.js';

export const PASSPHRASE_ENV = 'PARASOL_BACKUP_PASSPHRASE';
/** A passphrase guards the pepper and every vault key: refuse ones that are trivially short. */
export const MIN_PASSPHRASE_LENGTH = 12;

export const PART_NAMES = { sqlite: 'database.sqlite', postgres: 'database.sql', config: 'config.json' } as const;

export interface BackupEnv {
  /** PARASOL_BACKUP_PASSPHRASE, where set. */
  readonly passphrase: string | null;
  readonly progress: ProgressStream;
  readonly now?: () => Date;
}

function dialectOf(config: Config): ArchiveDialect {
  return config.databaseUrl ? 'postgres' : 'sqlite';
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return 'configured';
  }
}

/** The configuration as it was, for the operator who restores: settings and paths, never a key, password or user name. */
export function configSummary(config: Config): Record<string, unknown> {
  return {
    note: 'Configuration of the installation when this backup was made. It holds no keys, passwords or secrets.',
    dialect: dialectOf(config),
    database: config.databaseUrl ? describeDatabaseUrl(config.databaseUrl) : config.sqliteFile,
    dataDir: config.dataDir,
    secretsFile: config.secretsFile,
    vaultFile: config.vaultFile,
    reporter: config.reporter,
    staff: config.staff,
    receiptKdf: config.receiptKdf,
    kdfConcurrency: config.kdfConcurrency,
    kdfMaxQueue: config.kdfMaxQueue,
    secureCookies: config.secureCookies,
    quickExitUrl: config.quickExitUrl,
    intakePerMinute: config.intakePerMinute,
    followUpPerMinute: config.followUpPerMinute,
    redis: hostOf(config.redisUrl),
    smtp: hostOf(config.smtpUrl),
    mailFrom: config.mailFrom,
    noticeDelayMs: config.noticeDelayMs,
    shredGraceMs: config.shredGraceMs,
    runJobs: config.runJobs,
    staffIdleMs: config.staffIdleMs,
    staffAbsoluteMs: config.staffAbsoluteMs,
    logLevel: config.logLevel,
    node: process.version,
  };
}

/** The secrets part: the secrets file and the vault file, byte for byte as they were. */
interface SecretsPartBody {
  readonly secretsFile: string;
  readonly vaultFile: string | null;
}

function parseSecretsPart(plain: Buffer): SecretsPartBody {
  const body = JSON.parse(plain.toString('utf8')) as Partial<SecretsPartBody>;
  if (typeof body.secretsFile !== 'string' || (body.vaultFile !== null && typeof body.vaultFile !== 'string')) {
    throw new BackupError(BACKUP_ERRORS.corrupted, 'the secrets part of the archive is not readable.');
  }
  return { secretsFile: body.secretsFile, vaultFile: body.vaultFile ?? null };
}

function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/:/g, '-') + 'Z';
}

// ---------------------------------------------------------------- create

export interface CreateOptions {
  /** Where to write; default: parasol-backup-<time>.pbak in the current folder. */
  readonly out?: string | undefined;
  readonly withSecrets: boolean;
}

export interface CreateResult {
  readonly file: string;
  readonly bytes: number;
  readonly header: ArchiveHeader;
  /** The secrets part holds no vault file (none existed). */
  readonly vaultMissing: boolean;
}

export async function createBackup(config: Config, opts: CreateOptions, env: BackupEnv): Promise<CreateResult> {
  const now = env.now?.() ?? new Date();
  const out = path.resolve(opts.out ?? `parasol-backup-${stamp(now)}.pbak`);
  if (opts.withSecrets) {
    if (!env.passphrase) {
      throw new BackupError(
        BACKUP_ERRORS.refused,
        `--with-secrets needs a passphrase to encrypt the secrets and the vault: set ${PASSPHRASE_ENV} (at least ${MIN_PASSPHRASE_LENGTH} characters). Nothing was written.`,
      );
    }
    if (env.passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new BackupError(BACKUP_ERRORS.refused, `${PASSPHRASE_ENV} is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters (a few random words). Nothing was written.`);
    }
  }
  if (fs.existsSync(out)) throw new BackupError(BACKUP_ERRORS.refused, `${out} already exists; choose another name with --out. Nothing was written.`);
  const secrets = readSecretsFile(config.secretsFile);
  const dialect = dialectOf(config);

  // The plaintext snapshot waits in a private (0700) folder beside the database, or in the system temporary folder for PostgreSQL.
  const spoolParent = dialect === 'sqlite' ? path.dirname(config.sqliteFile) : os.tmpdir();
  const spool = fs.mkdtempSync(path.join(spoolParent, '.parasol-backup-'));
  try {
    const dbFile = path.join(spool, dialect === 'sqlite' ? PART_NAMES.sqlite : PART_NAMES.postgres);
    const snap = new Progress(env.progress, 'Snapshot of the database', null);
    let schema: string[];
    try {
      if (dialect === 'sqlite') {
        await snapshotSqlite(config.sqliteFile, dbFile, (done, total) => snap.update(done, total));
        stripSqliteVault(dbFile);
        schema = sqliteSchema(dbFile);
      } else {
        schema = await postgresSchema(config.databaseUrl!);
        await dumpPostgres(config.databaseUrl!, dbFile, (done) => snap.update(done));
      }
      snap.finish(fs.statSync(dbFile).size);
    } catch (err) {
      snap.abort();
      throw err;
    }

    const parts: PartSource[] = [];
    let vaultMissing = false;
    if (opts.withSecrets) {
      // Read after the snapshot: the vault then holds every generation the snapshot refers to.
      const vaultText = await sharedVaultText(config, secrets);
      vaultMissing = vaultText === null;
      const body: SecretsPartBody = { secretsFile: fs.readFileSync(config.secretsFile, 'utf8'), vaultFile: vaultText };
      parts.push({ name: SECRETS_PART, key: 'passphrase', data: Buffer.from(JSON.stringify(body), 'utf8') });
    }
    parts.push({ name: dialect === 'sqlite' ? PART_NAMES.sqlite : PART_NAMES.postgres, key: 'archive', file: dbFile });
    parts.push({ name: PART_NAMES.config, key: 'archive', data: Buffer.from(JSON.stringify(configSummary(config), null, 2) + '\n', 'utf8') });

    const enc = new Progress(env.progress, 'Encrypting', null);
    let header: ArchiveHeader;
    try {
      header = await writeArchive(out, {
        pepper: secrets.pepper,
        dialect,
        createdAt: now,
        schema,
        parts,
        ...(opts.withSecrets ? { passphrase: env.passphrase! } : {}),
        progress: (done, total) => enc.update(done, total),
      });
      enc.finish();
    } catch (err) {
      enc.abort();
      throw err;
    }
    return { file: out, bytes: fs.statSync(out).size, header, vaultMissing };
  } finally {
    fs.rmSync(spool, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- verify

/** The pepper of the configured secrets file, or null where there is none (an archive with a secrets part can still be read with its passphrase). */
function configuredPepper(config: Config): Buffer | null {
  if (!fs.existsSync(config.secretsFile)) return null;
  return readSecretsFile(config.secretsFile).pepper;
}

export async function verifyBackup(config: Config, file: string, env: BackupEnv): Promise<ReadResult> {
  const bar = new Progress(env.progress, 'Checking the archive', null);
  try {
    const result = await readArchive(file, { pepper: configuredPepper(config), passphrase: env.passphrase, progress: (d, t) => bar.update(d, t) });
    bar.finish();
    return result;
  } catch (err) {
    bar.abort();
    throw err;
  }
}

/** The shared vault as a vault file (for the passphrase-protected secrets part only); null when it holds nothing. */
async function sharedVaultText(config: Config, secrets: Secrets): Promise<string | null> {
  const handle = connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    return await Vault.forSecrets(secrets).exportFile(handle.db);
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------- restore

export interface RestoreOptions {
  /** Also restore the secrets file and the vault from the archive's secrets part. */
  readonly secrets: boolean;
}

export interface RestoreResult {
  readonly header: ArchiveHeader;
  /** The SQLite file or the PostgreSQL database (without credentials). */
  readonly target: string;
  /** Files written from the secrets part. */
  readonly secretsWritten: readonly string[];
  /** Whether the vault file's generations were put into the restored database. */
  readonly vaultImported: boolean;
}

function refuse(message: string): BackupError {
  return new BackupError(BACKUP_ERRORS.refused, message);
}

/** Checks that the target is empty and the archive suits it; throws before anything is read or written. */
async function checkTarget(config: Config, opts: RestoreOptions, env: BackupEnv): Promise<void> {
  if (config.databaseUrl) {
    const tables = await postgresTables(config.databaseUrl);
    if (tables.length) {
      throw refuse(
        `the database ${describeDatabaseUrl(config.databaseUrl)} is not empty (it has ${tables.length} tables, e.g. ${tables.slice(0, 3).join(', ')}). Restore only into a new, empty database. Nothing was changed.`,
      );
    }
  } else {
    const present = sqliteFiles(config.sqliteFile).filter((f) => fs.existsSync(f));
    if (present.length) {
      throw refuse(
        `the data folder ${path.dirname(config.sqliteFile)} already contains a database (${present.map((f) => path.basename(f)).join(', ')}). Restore only into an empty data folder (set PARASOL_DATA_DIR). Nothing was changed.`,
      );
    }
  }
  if (opts.secrets) {
    for (const f of [config.secretsFile, config.vaultFile]) {
      if (fs.existsSync(f))
        throw refuse(`--secrets restores the secrets file and the vault only where they do not exist, and ${f} exists. Move it away or restore without --secrets. Nothing was changed.`);
    }
    if (!env.passphrase) throw refuse(`--secrets needs the passphrase of the archive's secrets part in ${PASSPHRASE_ENV}. Nothing was changed.`);
  } else if (!fs.existsSync(config.secretsFile)) {
    throw refuse(
      `restoring needs the secrets file of the installation that made the backup, and there is none at ${config.secretsFile}. Put it there (PARASOL_SECRETS_FILE), or, for an archive made with --with-secrets, restore with --secrets and ${PASSPHRASE_ENV}. Nothing was changed.`,
    );
  } else {
    // The vault file is imported after the restore: a damaged one, or one others can read, stops it before.
    try {
      readVaultFile(config.vaultFile);
    } catch (err) {
      throw refuse(`${(err as Error).message}. Nothing was changed.`);
    }
  }
}

/**
 * Puts the vault file's generations into the restored database's empty vault
 * table (a backup never holds them): the backup opens with the vault file
 * the instances mirror, and stops opening once a generation it needs was
 * destroyed and the mirrors synced. False when there is no vault file, or
 * the archive predates the shared vault (the first start imports it then).
 */
async function importVaultFile(config: Config): Promise<boolean> {
  const file = readVaultFile(config.vaultFile);
  if (!file) return false;
  const handle = connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    let held: number;
    try {
      held = (await handle.db.selectFrom('vault_generations').select('generation').execute()).length;
    } catch {
      return false;
    }
    if (held) return false;
    await Vault.forSecrets(readSecretsFile(config.secretsFile)).importFile(handle.db, file);
    return true;
  } finally {
    await handle.close();
  }
}

function checkHeaderFits(config: Config, opts: RestoreOptions, header: ArchiveHeader): void {
  const want = dialectOf(config);
  if (header.dialect !== want) {
    throw refuse(
      header.dialect === 'sqlite'
        ? 'this archive holds an SQLite database, but DATABASE_URL is set (Parasol is configured for PostgreSQL). Unset DATABASE_URL to restore it into a data folder. Nothing was changed.'
        : 'this archive holds a PostgreSQL database, but DATABASE_URL is not set. Set DATABASE_URL to a new, empty PostgreSQL database. Nothing was changed.',
    );
  }
  const unknown = header.schema.filter((m) => !(m in migrations));
  if (unknown.length) throw refuse(`this archive was made by a newer version of Parasol (schema ${unknown.join(', ')} is unknown here). Upgrade Parasol first. Nothing was changed.`);
  if (opts.secrets && header.parts[0]?.key !== 'passphrase')
    throw refuse('this archive holds no secrets (it was made without --with-secrets): restore without --secrets, with the secrets file in place. Nothing was changed.');
}

class FileSink implements PartSink {
  constructor(private readonly fd: number) {}
  write(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) off += fs.writeSync(this.fd, chunk, off);
  }
}

/** Writes a new file (mode 0600) under a temporary name, checks it, then links it into place; never replaces a file. */
function writeNewFile(target: string, text: string, check: (tmp: string) => void): void {
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    check(tmp);
    try {
      fs.linkSync(tmp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw refuse(`${target} appeared during the restore; it was not replaced.`);
      throw err;
    }
    syncDir(path.dirname(target));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function writeSecretsFiles(config: Config, body: SecretsPartBody): string[] {
  const written: string[] = [];
  try {
    writeNewFile(config.secretsFile, body.secretsFile, (tmp) => void readSecretsFile(tmp));
    written.push(config.secretsFile);
    if (body.vaultFile !== null) {
      writeNewFile(config.vaultFile, body.vaultFile, () => {
        const v = JSON.parse(body.vaultFile!) as { version?: unknown; generations?: unknown };
        if (v.version !== 1 || !Array.isArray(v.generations)) throw new BackupError(BACKUP_ERRORS.corrupted, 'the vault in the archive is not readable.');
      });
      written.push(config.vaultFile);
    }
    return written;
  } catch (err) {
    for (const f of written) fs.rmSync(f, { force: true });
    throw err;
  }
}

export async function restoreBackup(config: Config, file: string, opts: RestoreOptions, env: BackupEnv): Promise<RestoreResult> {
  await checkTarget(config, opts, env);
  const pepper = opts.secrets ? null : readSecretsFile(config.secretsFile).pepper;

  // Pass 1: check everything, writing nothing.
  const check = new Progress(env.progress, 'Checking the archive', null);
  let first: ReadResult;
  try {
    first = await readArchive(file, {
      pepper,
      passphrase: opts.secrets ? env.passphrase : null,
      onHeader: (h) => checkHeaderFits(config, opts, h),
      progress: (d, t) => check.update(d, t),
    });
    check.finish();
  } catch (err) {
    check.abort();
    throw err;
  }
  const secretsBody = opts.secrets ? parseSecretsPart(first.secretsPart!) : null;
  // readArchive has already opened the archive with the pepper of the secrets part, so it is there.
  const passTwoPepper = pepper ?? pepperFromSecretsPart(first.secretsPart!)!;
  const dbPart = first.header.dialect === 'sqlite' ? PART_NAMES.sqlite : PART_NAMES.postgres;

  // Pass 2: decrypt the database into a temporary file (checked again on the way), then put it in place.
  const bar = new Progress(env.progress, 'Restoring', null);
  const targetDir = config.databaseUrl ? fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-restore-')) : path.dirname(config.sqliteFile);
  const createdDir = !config.databaseUrl && !fs.existsSync(targetDir);
  if (createdDir) fs.mkdirSync(targetDir, { recursive: true, mode: 0o700 });
  const tmp = path.join(targetDir, `.parasol-restore-${randomBytes(6).toString('hex')}.${config.databaseUrl ? 'sql' : 'sqlite'}`);
  let secretsWritten: string[] = [];
  let done = false;
  let vaultImported: boolean;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      const second = await readArchive(file, {
        pepper: passTwoPepper,
        sink: (part) => (part.name === dbPart ? new FileSink(fd) : null),
        progress: (d, t) => bar.update(d, t),
      });
      if (second.header.archiveId !== first.header.archiveId) throw new BackupError(BACKUP_ERRORS.corrupted, `${file} changed while it was being restored.`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (secretsBody) secretsWritten = writeSecretsFiles(config, secretsBody);
    try {
      if (config.databaseUrl) {
        await applyPostgres(config.databaseUrl, tmp);
      } else {
        try {
          fs.linkSync(tmp, config.sqliteFile);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw refuse(`${config.sqliteFile} appeared during the restore; it was not replaced.`);
          throw err;
        }
        syncDir(targetDir);
      }
    } catch (err) {
      for (const f of secretsWritten) fs.rmSync(f, { force: true });
      secretsWritten = [];
      throw err;
    }
    bar.finish();
    done = true;
    vaultImported = await importVaultFile(config);
  } catch (err) {
    bar.abort();
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
    if (config.databaseUrl) fs.rmSync(targetDir, { recursive: true, force: true });
    else if (createdDir && !done) fs.rmSync(targetDir, { recursive: true, force: true });
  }
  return { header: first.header, target: config.databaseUrl ? describeDatabaseUrl(config.databaseUrl) : config.sqliteFile, secretsWritten, vaultImported };
}
