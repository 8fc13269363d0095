/**
 * `parasol audit verify`: checks the whole audit chain and names the first
 * broken entry. It only reads: a database whose schema is behind is named as
 * such, not migrated (a check must not change what it checks).
 */
import type { Config } from '../config.js';
import { connect } from '../db/connect.js';
import { migrator } from '../db/migrations.js';
import { verifyAudit } from '../core/audit/audit.service.js';
import { readSecretsFile } from '../secrets.js';
import type { Io } from './io.js';

export async function auditCommand(config: Config, io: Io, sub: string | undefined): Promise<number> {
  if (sub !== 'verify') {
    io.err('Usage: parasol audit verify');
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
    const result = await verifyAudit(handle.db, secrets);
    if (result.ok) {
      io.out(`The audit chain is intact: ${result.entries} entries verified.`);
      return 0;
    }
    io.err(`The audit chain is BROKEN at entry ${result.brokenAt}: ${result.reason}.`);
    return 1;
  } finally {
    await handle.close();
  }
}
