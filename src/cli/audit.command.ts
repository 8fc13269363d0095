/**
 * `parasol audit verify [--expect HASH]` and `parasol audit head`: checks the
 * whole audit chain and names the first broken entry, then holds it against
 * what lives outside the database (this data folder's checkpoint, and a head
 * the operator recorded), which shows a log cut from its end. It reads the
 * database only: a schema that is behind is named as such, not migrated (a
 * check must not change what it checks). A verified chain moves this data
 * folder's checkpoint forward to its head.
 */
import type { Config } from '../config.js';
import { connect } from '../db/connect.js';
import { migrator } from '../db/migrations.js';
import { verifyAudit } from '../core/audit/audit.service.js';
import { AuditAnchor } from '../core/audit/anchor.js';
import { readSecretsFile } from '../infra/secrets.js';
import type { Io } from './io.js';

const USAGE = 'Usage: parasol audit verify [--expect HASH] | parasol audit head';

export async function auditCommand(config: Config, io: Io, sub: string | undefined, flags: { expect?: string | undefined } = {}): Promise<number> {
  if ((sub !== 'verify' && sub !== 'head') || (sub === 'head' && flags.expect !== undefined)) {
    io.err(USAGE);
    return 2;
  }
  if (flags.expect !== undefined && !/^[0-9a-f]{64}$/i.test(flags.expect.trim())) {
    io.err('--expect takes the 64-character head hash that "parasol audit head" printed.');
    return 2;
  }
  const secrets = readSecretsFile(config.secretsFile);
  const handle = connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    const pending = (await migrator(handle.db).getMigrations()).filter((m) => !m.executedAt);
    if (pending.length) {
      io.err(`The database schema is not up to date (${pending.length} migration(s) not applied): run \`parasol migrate\` first.`);
      return 2;
    }
    const result = await verifyAudit(handle.db, secrets, { checkpointFile: config.auditCheckpointFile, expect: flags.expect });
    if (!result.ok) {
      io.err(`The audit chain is BROKEN at entry ${result.brokenAt}: ${result.reason}.`);
      return 1;
    }
    await new AuditAnchor(config.auditCheckpointFile, secrets).advance(handle.db);
    if (sub === 'head') {
      io.out(`Audit head: entry ${result.entries}, hash ${result.head}`);
      io.out(`Record it somewhere this server cannot write; later, "parasol audit verify --expect ${result.head}" fails if the log no longer holds it.`);
      return 0;
    }
    io.out(`The audit chain is intact: ${result.entries} entries verified.`);
    if (flags.expect) io.out(`It holds the head you recorded (${flags.expect.trim().toLowerCase()}).`);
    if (result.checkpoint === 'none') {
      io.err(
        `Note: there was no audit checkpoint at ${config.auditCheckpointFile}, so a cut from the end of the log could not be ruled out; one is kept there from now on. Check a head you recorded with --expect.`,
      );
    }
    return 0;
  } finally {
    await handle.close();
  }
}
