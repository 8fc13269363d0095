/**
 * `parasol backup create | verify | restore`: one encrypted archive of the
 * database, checked completely before it is trusted, restored only into an
 * empty data folder or database.
 *
 * Exit codes: 0 done; 1 the archive is damaged, foreign or refused, or the
 * work failed (the message says which); 2 wrong usage.
 */
import fs from 'node:fs';
import type { Config } from '../config.js';
import { BackupError } from '../backup/archive.js';
import { PASSPHRASE_ENV, createBackup, restoreBackup, verifyBackup, type BackupEnv } from '../backup/backup.service.js';
import { formatBytes, type ProgressStream } from '../backup/progress.js';
import type { Io } from './io.js';

const USAGE = `Usage:
  parasol backup create [--out FILE] [--with-secrets]
  parasol backup verify FILE
  parasol backup restore FILE [--secrets]

--with-secrets and --secrets read the passphrase from ${PASSPHRASE_ENV}.`;

export interface BackupFlags {
  readonly out?: string | undefined;
  readonly withSecrets?: boolean | undefined;
  readonly secrets?: boolean | undefined;
}

const SHREDDING_WARNING = [
  'WARNING: this archive holds the secrets file and the key vault as they are now.',
  'It defeats crypto-shredding for as long as it is kept: reports deleted from now on',
  '(by the retention job or by their reporter) stay readable from this archive by anyone',
  `who has it and its passphrase. Keep it offline, apart from the other backups, and destroy it`,
  'as soon as it is no longer needed for disaster recovery.',
];

/**
 * The audit checkpoint after a restore. Into a fresh data folder (no
 * checkpoint), the checkpoint starts at the restored head, which is printed
 * for the operator to hold against the head they recorded. A checkpoint that
 * is already there is kept as it is: if it records more than the backup
 * holds, `audit verify` goes on saying the log was cut (it was: what came
 * after the backup is lost) until the operator moves it aside on purpose.
 */
async function anchorRestored(config: Config, io: Io): Promise<void> {
  const { connect } = await import('../db/connect.js');
  const { AuditAnchor, auditHead, checkAgainst, readCheckpoint } = await import('../core/audit/anchor.js');
  const { readSecretsFile } = await import('../infra/secrets.js');
  const file = config.auditCheckpointFile;
  const secrets = readSecretsFile(config.secretsFile);
  const handle = connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    const cp = readCheckpoint(file, secrets);
    const problem = cp ? await checkAgainst(handle.db, cp, file) : null;
    if (problem) {
      io.err(`Note: ${problem}. "parasol audit verify" will say so until you move ${file} aside (keep it: it records what this backup lacks).`);
      return;
    }
    await new AuditAnchor(file, secrets).advance(handle.db);
    const head = await auditHead(handle.db);
    io.out(`The restored audit log ends at entry ${head.seq}, head ${head.hash}: compare it with the head you last recorded ("parasol audit head").`);
  } catch (err) {
    io.err(`Note: the audit checkpoint was not set (${(err as Error).message}).`);
  } finally {
    await handle.close();
  }
}

export async function backupCommand(
  config: Config,
  io: Io,
  args: readonly string[],
  flags: BackupFlags,
  env: NodeJS.ProcessEnv = process.env,
  progress: ProgressStream = process.stderr,
): Promise<number> {
  const [sub, file, ...extra] = args;
  // The passphrase is read here, where it is used, and kept out of the shared configuration.
  const backupEnv: BackupEnv = { passphrase: env[PASSPHRASE_ENV] || null, progress };
  const usage = () => {
    io.err(USAGE);
    return 2;
  };
  if (extra.length) return usage();
  try {
    switch (sub) {
      case 'create': {
        if (file !== undefined || flags.secrets) return usage();
        const result = await createBackup(config, { out: flags.out, withSecrets: flags.withSecrets === true }, backupEnv);
        io.out(`Wrote the backup ${result.file} (${formatBytes(result.bytes)}).`);
        for (const p of result.header.parts) io.out(`  ${p.name.padEnd(16)} ${formatBytes(p.size)}${p.key === 'passphrase' ? '  (under the passphrase)' : ''}`);
        io.out(`Archive ${result.header.archiveId}, ${result.header.dialect}, made ${result.header.createdAt}.`);
        io.out(`Reading it needs this installation's secrets file (${config.secretsFile}): keep a copy of that file safe, apart from the backups.`);
        if (flags.withSecrets) {
          if (result.vaultMissing) io.err(`Note: there was no vault file at ${config.vaultFile}; the secrets part holds the secrets file only.`);
          for (const line of SHREDDING_WARNING) io.err(line);
        }
        return 0;
      }
      case 'verify': {
        if (!file || flags.out || flags.withSecrets || flags.secrets) return usage();
        const result = await verifyBackup(config, file, backupEnv);
        const h = result.header;
        io.out(`${file} is a complete, intact Parasol backup (${formatBytes(result.bytes)}).`);
        io.out(`  archive ${h.archiveId}, ${h.dialect}, made ${h.createdAt}`);
        io.out(`  schema: ${h.schema.length} migrations${h.schema.length ? ` (latest ${h.schema[h.schema.length - 1]})` : ''}`);
        for (const p of h.parts) io.out(`  ${p.name.padEnd(16)} ${formatBytes(p.size)}  sha256 ${p.sha256}`);
        if (result.secretsState === 'opened') io.out('  the secrets part opens with the passphrase given.');
        else if (result.secretsState === 'frames-only') io.out(`  the secrets part is intact; set ${PASSPHRASE_ENV} to check that its passphrase opens it.`);
        return 0;
      }
      case 'restore': {
        if (!file || flags.out || flags.withSecrets) return usage();
        const result = await restoreBackup(config, file, { secrets: flags.secrets === true }, backupEnv);
        io.out(`Restored the backup made ${result.header.createdAt} (archive ${result.header.archiveId}) into ${result.target}.`);
        for (const f of result.secretsWritten) io.out(`  wrote ${f} (mode 0600)`);
        if (result.vaultImported) io.out(`  the key vault ${config.vaultFile} (PARASOL_VAULT_FILE) is in the restored database`);
        if (!fs.existsSync(config.vaultFile)) {
          // The vault is never in a backup (unless made with --with-secrets): without it no report opens.
          io.err(`Note: there is no key vault at ${config.vaultFile}. Put this installation's vault.json there (PARASOL_VAULT_FILE) before starting Parasol: without it no report can be read.`);
        }
        await anchorRestored(config, io);
        io.out('Check it with "parasol audit verify", then start Parasol ("parasol serve"); it brings the schema up to date on start.');
        return 0;
      }
      default:
        return usage();
    }
  } catch (err) {
    if (err instanceof BackupError) {
      const verb = sub === 'create' ? 'Backup FAILED' : sub === 'verify' ? 'Verification FAILED' : 'Restore FAILED';
      // Restore checks the whole archive before it writes and undoes its own writes on failure.
      const tail = sub === 'restore' && !/Nothing was changed/.test(err.message) ? ' Nothing was restored; the target is as it was.' : '';
      io.err(`${verb}: ${err.message}${tail}`);
      return 1;
    }
    throw err;
  }
}
