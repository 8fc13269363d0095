/**
 * `parasol doctor`: checks an installation and says in plain words what is
 * wrong and what to do. It only reads: no migration, no file created (a
 * missing SQLite database is named, not made).
 *
 * Exit codes: 0 all is well; 1 at least one problem (each on its own line).
 * A check that cannot be made is said so and does not fail the run.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import { ristrettoBackend } from '../crypto/index.js';
import { DEMO_ORGANISATIONS } from '../demo/demo.service.js';
import { connect, type DatabaseHandle } from '../db/connect.js';
import { migrator } from '../db/migrations.js';
import { readSecretsFile, type Secrets } from '../infra/secrets.js';
import { secretsFingerprint, storedSecretsFingerprint } from '../infra/secrets-fingerprint.js';
import { DEMO_KEYS_FILE } from './demo.command.js';
import type { Io } from './io.js';
import { safeUrl } from './preflight.js';

export interface DoctorOptions {
  /** The address people reach Parasol at, when the configuration does not say. */
  readonly url?: string | undefined;
  /** Where the backup timer writes its archives. */
  readonly backups?: string | undefined;
  /** How old the newest backup may be, in hours (text from the command line). */
  readonly backupHours?: string | undefined;
}

/** Free space below which the data folder counts as nearly full. */
const MIN_FREE_BYTES = 1024 ** 3;
const MIN_FREE_FRACTION = 0.05;

type Finding = { kind: 'ok' | 'problem' | 'unchecked'; text: string };

/** True for loopback and private (RFC 1918, CGNAT/VPN, ULA, link-local) addresses, the ones not reachable from the Internet. */
export function isPrivateAddress(host: string): boolean {
  if (host === 'localhost') return true;
  const v = net.isIP(host);
  if (v === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254);
  }
  if (v === 6) {
    const h = host.toLowerCase();
    if (h === '::1') return true;
    if (h.startsWith('::ffff:')) return isPrivateAddress(h.slice(7));
    return /^f[cd]/.test(h) || /^fe[89ab]/.test(h);
  }
  return false;
}

function modeOf(file: string): number | null {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return null;
  }
}

const octal = (m: number) => `0${m.toString(8)}`;

export async function doctorCommand(config: Config, io: Io, opts: DoctorOptions = {}): Promise<number> {
  const findings: Finding[] = [];
  const ok = (text: string) => findings.push({ kind: 'ok', text });
  const problem = (text: string) => findings.push({ kind: 'problem', text });
  const unchecked = (text: string) => findings.push({ kind: 'unchecked', text });

  let maxHours = 26;
  if (opts.backupHours !== undefined) {
    maxHours = Number(opts.backupHours);
    if (!/^\d+$/.test(opts.backupHours) || maxHours < 1) {
      io.err('parasol doctor: --backup-hours must be a whole number of hours, at least 1');
      return 2;
    }
  }
  let url: URL | null = null;
  const configuredUrl = opts.url ?? (config as { reporterUrl?: string }).reporterUrl;
  if (configuredUrl) {
    try {
      url = new URL(configuredUrl);
    } catch {
      io.err(`parasol doctor: --url ${configuredUrl} is not an address (https://parasol.example.org/)`);
      return 2;
    }
  }

  // Files: the data folder, the secrets file, the vault and the database file are for Parasol's user alone.
  const dirMode = modeOf(config.dataDir);
  if (dirMode === null) problem(`The data folder ${config.dataDir} (PARASOL_DATA_DIR) does not exist: run "parasol init".`);
  else if (dirMode & 0o077) problem(`The data folder ${config.dataDir} has mode ${octal(dirMode)}: others can look inside. Run "chmod 700 ${config.dataDir}".`);
  else ok(`The data folder ${config.dataDir} is private (${octal(dirMode)}).`);

  let secrets: Secrets | null = null;
  const secretsMode = modeOf(config.secretsFile);
  if (secretsMode === null) problem(`There is no secrets file at ${config.secretsFile} (PARASOL_SECRETS_FILE): run "parasol init", or restore this installation's secrets.json there.`);
  else if (secretsMode & 0o077) problem(`The secrets file ${config.secretsFile} has mode ${octal(secretsMode)}: other users of this machine can read the keys. Run "chmod 600 ${config.secretsFile}".`);
  else {
    try {
      secrets = readSecretsFile(config.secretsFile);
      ok(`The secrets file ${config.secretsFile} is private (${octal(secretsMode)}) and readable.`);
    } catch (err) {
      problem((err as Error).message);
    }
  }

  const vaultMode = modeOf(config.vaultFile);
  if (vaultMode !== null && vaultMode & 0o077) problem(`The key vault ${config.vaultFile} has mode ${octal(vaultMode)}: other users of this machine can read it. Run "chmod 600 ${config.vaultFile}".`);
  else if (vaultMode !== null) ok(`The key vault ${config.vaultFile} is private (${octal(vaultMode)}).`);

  // Listeners and cookies.
  for (const [name, listen, setting] of [
    ['staff', config.staff, 'PARASOL_STAFF_HOST'],
    ['reporter', config.reporter, 'PARASOL_REPORTER_HOST'],
  ] as const) {
    if (isPrivateAddress(listen.host)) ok(`The ${name} listener is on ${listen.host}, not reachable from the Internet.`);
    else if (name === 'staff')
      problem(
        `The staff listener is on ${listen.host}, a public address: anyone can reach the staff login. Set ${setting}=127.0.0.1 and reach it through the onion service with client authorisation, or a VPN.`,
      );
    else
      problem(`The reporter listener is on ${listen.host}, a public address: reporters would reach it without TLS. Set ${setting}=127.0.0.1 and let the reverse proxy and the onion service reach it.`);
  }
  const onion = url !== null && url.hostname.endsWith('.onion');
  const publicListener = !isPrivateAddress(config.reporter.host) || !isPrivateAddress(config.staff.host);
  if (!config.secureCookies && url?.protocol === 'https:') {
    problem(`Parasol is served over HTTPS (${url.origin}) but PARASOL_SECURE_COOKIES is off: session cookies could leak over plain HTTP. Set PARASOL_SECURE_COOKIES=true and restart.`);
  } else if (!config.secureCookies && publicListener) {
    problem('A listener is on a public address but PARASOL_SECURE_COOKIES is off: session cookies could travel in clear. Put Parasol behind the HTTPS proxy and set PARASOL_SECURE_COOKIES=true.');
  } else if (config.secureCookies && url?.protocol === 'http:' && !onion && !isPrivateAddress(url.hostname)) {
    problem(`PARASOL_SECURE_COOKIES is on but ${url.origin} is plain HTTP: browsers will drop the session cookie and nobody can log in. Serve it over HTTPS.`);
  } else if (url) ok(`Cookies fit ${url.origin} (PARASOL_SECURE_COOKIES=${config.secureCookies}).`);
  else if (config.secureCookies) ok('PARASOL_SECURE_COOKIES is on.');
  else unchecked('PARASOL_SECURE_COOKIES is off; give the public address with --url https://... to check it against how Parasol is served.');

  // The identifier check's arithmetic: the system libsodium, or the five times slower WebAssembly build.
  if (ristrettoBackend() === 'native') ok('Identifier checks use the system libsodium (libsodium23) for their ristretto255 arithmetic.');
  else problem('The system libsodium could not be loaded: identifier checks fall back to its WebAssembly build, about five times the CPU. Run "apt-get install libsodium23".');

  // Disk space where the data lives.
  try {
    const st = fs.statfsSync(fs.existsSync(config.dataDir) ? config.dataDir : path.dirname(config.dataDir));
    const free = st.bavail * st.bsize;
    const total = st.blocks * st.bsize;
    const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;
    if (free < MIN_FREE_BYTES || free < total * MIN_FREE_FRACTION)
      problem(`Only ${gib(free)} of ${gib(total)} is free where the data folder is: free some space or grow the disk before reports are refused.`);
    else ok(`${gib(free)} free where the data folder is.`);
  } catch (err) {
    unchecked(`Free disk space could not be read (${(err as NodeJS.ErrnoException).code}).`);
  }

  // Backups.
  const backupDir = path.resolve(opts.backups ?? path.join(path.dirname(config.dataDir), 'backups'));
  try {
    const archives = fs
      .readdirSync(backupDir)
      .filter((f) => f.endsWith('.pbak'))
      .map((f) => fs.statSync(path.join(backupDir, f)).mtimeMs);
    if (!archives.length) problem(`There is no backup in ${backupDir}: enable the backup timer (see docs/deploy.md), or give its folder with --backups.`);
    else {
      const hours = (Date.now() - Math.max(...archives)) / 3_600_000;
      if (hours > maxHours) problem(`The newest backup in ${backupDir} is ${Math.floor(hours)} hours old (more than ${maxHours}): check the backup timer ("systemctl status parasol-backup.timer").`);
      else ok(`The newest backup in ${backupDir} is ${Math.floor(hours)} hour(s) old.`);
    }
  } catch (err) {
    problem(`The backup folder ${backupDir} cannot be read (${(err as NodeJS.ErrnoException).code}): enable the backup timer (see docs/deploy.md), or give its folder with --backups.`);
  }

  // The database: reachable, schema, demo data, and (PostgreSQL) WAL archiving.
  let handle: DatabaseHandle | null = null;
  if (!config.databaseUrl && !fs.existsSync(config.sqliteFile)) {
    problem(`There is no database at ${config.sqliteFile}: run "parasol init".`);
  } else {
    if (!config.databaseUrl) {
      for (const f of [config.sqliteFile, `${config.sqliteFile}-wal`, `${config.sqliteFile}-shm`]) {
        const m = modeOf(f);
        if (m !== null && m & 0o077) problem(`The database file ${f} has mode ${octal(m)}: others can read it. Run "chmod 600 ${f}" (and run Parasol with UMask=0077).`);
      }
    }
    handle = connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile, poolSize: 1 });
  }
  try {
    if (handle) {
      const db = handle.db;
      let reachable = true;
      try {
        const pending = (await migrator(db).getMigrations()).filter((m) => !m.executedAt);
        if (pending.length) problem(`${pending.length} database migration(s) are not applied: run "parasol migrate" (after a backup).`);
        else ok('The database schema is up to date.');
      } catch (err) {
        reachable = false;
        problem(`The database cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check DATABASE_URL and that the database server runs.`);
      }
      if (reachable) {
        const demoSlugs = DEMO_ORGANISATIONS.filter((o) => !o.isDefault).map((o) => o.slug);
        if (secrets) {
          const stored = await storedSecretsFingerprint(db).catch(() => undefined);
          if (stored === undefined) unchecked('Whether the secrets file belongs to this database could not be read.');
          else if (stored === null) unchecked('Whether the secrets file belongs to this database cannot be checked yet: the next start stores its fingerprint.');
          else if (stored !== secretsFingerprint(secrets))
            problem(
              `The secrets file ${config.secretsFile} does not belong to this database (it was set up with another one): Parasol refuses to start with it. Put this installation's own secrets file there (every instance needs the same one).`,
            );
          else ok(`The secrets file ${config.secretsFile} belongs to this database.`);
        }
        const demo = await db
          .selectFrom('organisations')
          .select('name')
          .where('slug', 'in', demoSlugs)
          .execute()
          .catch(() => null);
        if (demo === null) unchecked('Demo organisations could not be looked for.');
        else if (demo.length)
          problem(
            `Demo organisations are present (${demo.map((d) => d.name).join(', ')}), with demo logins whose passwords were printed: this is not a real installation. Start again from "parasol init" on an empty data folder and database.`,
          );
        else ok('No demo organisations.');
        if (handle.dialect === 'postgres') {
          const row = await sql<{ archive_mode: string }>`show archive_mode`.execute(db).catch(() => null);
          const mode = row?.rows[0]?.archive_mode;
          if (mode === undefined) unchecked('Whether PostgreSQL archives its WAL could not be read.');
          else if (mode !== 'off')
            problem(
              `PostgreSQL archives its WAL (archive_mode=${mode}): an archive taken before a deletion, with the secrets file, still opens what was deleted after it. Keep such archives no longer than the shred grace period, or turn archiving off (see docs/deploy.md).`,
            );
          else ok('PostgreSQL does not archive its WAL.');
        }
      }
    }
    if (fs.existsSync(path.join(config.dataDir, DEMO_KEYS_FILE)))
      problem(`The demo logins file ${path.join(config.dataDir, DEMO_KEYS_FILE)} is in the data folder: this installation was started with demo data.`);

    await checkRedisPersistence(config, { ok, problem, unchecked });
  } finally {
    await handle?.close();
  }

  for (const f of findings) (f.kind === 'problem' ? io.err : io.out)(`${f.kind === 'ok' ? 'ok          ' : f.kind === 'problem' ? 'PROBLEM     ' : 'not checked '} ${f.text}`);
  const problems = findings.filter((f) => f.kind === 'problem').length;
  if (problems) {
    io.err(`${problems} problem(s) found.`);
    return 1;
  }
  io.out('All is well.');
  return 0;
}

/** Redis must not persist: nothing Parasol keeps there may survive a restart (design §7). */
async function checkRedisPersistence(config: Config, say: { ok(t: string): void; problem(t: string): void; unchecked(t: string): void }): Promise<void> {
  if (!config.redisUrl) return;
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (err) {
    say.problem(`Redis at REDIS_URL (${safeUrl(config.redisUrl)}) does not answer (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): start it, or unset REDIS_URL.`);
    redis.disconnect();
    return;
  }
  try {
    const save = ((await redis.config('GET', 'save')) as string[])[1] ?? '';
    const aof = ((await redis.config('GET', 'appendonly')) as string[])[1] ?? 'no';
    if (save.trim() !== '' || aof === 'yes') {
      say.problem(
        `Redis at ${safeUrl(config.redisUrl)} persists to disk (${[save.trim() && `save "${save.trim()}"`, aof === 'yes' && 'appendonly yes'].filter(Boolean).join(', ')}): the server's half of caseworkers' keys would survive on its disk. Run it with --save "" --appendonly no.`,
      );
    } else say.ok('Redis keeps nothing on disk.');
  } catch {
    // CONFIG is often renamed or refused on managed Redis.
    say.unchecked(`Whether Redis at ${safeUrl(config.redisUrl)} persists to disk could not be read (CONFIG GET refused): make sure it runs with --save "" --appendonly no.`);
  } finally {
    redis.disconnect();
  }
}
