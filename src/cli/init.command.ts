/**
 * `parasol init`: the data folder, the secrets file (0600, outside the
 * database), the schema, the first organisation and a one-time admin set-up link.
 */
import fs from 'node:fs';
import { publicBaseUrl, type Config } from '../config.js';
import { createContext } from '../context.js';
import { createInvitation } from '../core/accounts/invitations.service.js';
import { insertOrganisation } from '../core/organisations/organisations.repository.js';
import { dayOf } from '../core/shared/deps.js';
import { asOrganisationId } from '../core/shared/ids.js';
import { randomId } from '../crypto/index.js';
import { generateSecrets, writeSecretsFile } from '../infra/secrets.js';
import type { Io } from './io.js';

export interface InitOptions {
  readonly organisationName?: string | undefined;
  /** Stay quiet about an existing installation (used by `parasol start`). */
  readonly ifNeeded?: boolean;
}

export async function initCommand(config: Config, io: Io, opts: InitOptions = {}): Promise<number> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(config.secretsFile)) {
    if (opts.ifNeeded) return 0;
    io.err(`Parasol is already set up here: ${config.secretsFile} exists. Nothing was changed.`);
    return 1;
  }
  writeSecretsFile(config.secretsFile, generateSecrets());
  io.out(`Wrote the secrets file ${config.secretsFile} (mode 0600). Back it up apart from the database.`);
  const ctx = await createContext(config);
  try {
    const existing = await ctx.core.db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (existing) {
      io.out('The database already has organisations; no first organisation was created.');
      return 0;
    }
    const id = asOrganisationId(randomId());
    const name = opts.organisationName?.trim() || 'Parasol Network';
    await insertOrganisation(ctx.core.db, { id, slug: 'network', name, is_default: 1, created_day: dayOf(ctx.clock) });
    const token = await createInvitation(ctx.core, id, 'admin');
    const base = publicBaseUrl(config, 'staff');
    io.out(`Created the organisation "${name}" (it receives reports from places no other organisation covers).`);
    io.out(`One-time admin set-up link (valid 7 days, shown only now): ${base}/invite/${token}`);
    return 0;
  } finally {
    await ctx.close();
  }
}
