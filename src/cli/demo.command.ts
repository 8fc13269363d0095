/**
 * `parasol demo`: demo organisations with coverage areas and a demo
 * coordinator account each, for local use. The demo credentials are printed
 * and written to a 0600 file in the data folder; never use demo data on a
 * real installation.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { createDemo, hasOrganisations } from '../demo/demo.service.js';
import type { Io } from './io.js';

export const DEMO_KEYS_FILE = 'demo-accounts.json';

export async function demoCommand(config: Config, io: Io): Promise<number> {
  const ctx = await createContext(config);
  try {
    const already = await ctx.core.db.selectFrom('organisations').select('id').where('slug', '=', 'umbrela-rosie').executeTakeFirst();
    if (already) {
      io.out('The demo organisations are already here.');
      return 0;
    }
    const onlyFirst = await hasOrganisations(ctx.core);
    const keys = await createDemo(ctx.core);
    const file = path.join(config.dataDir, DEMO_KEYS_FILE);
    const body = keys.map((k) => ({ organisation: k.organisation, username: k.username, password: k.password, totpSecret: k.totpSecret, recoveryKey: k.recoveryKey }));
    fs.writeFileSync(file, JSON.stringify({ warning: 'DEMO ONLY: credentials of demo accounts for local testing', accounts: body }, null, 2) + '\n', { mode: 0o600 });
    const organisations = new Set(keys.map((k) => k.organisationId)).size;
    io.out(`Created ${organisations} demo organisations${onlyFirst ? ' beside the existing one' : ''}, with coverage areas and a demo coordinator and custodian each.`);
    io.out(
      'DEMO ONLY: do not use for real reports. Every page says so, and "parasol serve" refuses this data when NODE_ENV=production. For a real installation, see "A real installation" in the README.',
    );
    io.out(`Demo logins for the staff surface (also in ${file}); add the key to an authenticator app:`);
    for (const k of keys) io.out(`  ${k.username}  password ${k.password}  authenticator key ${k.totpSecret}`);
    return 0;
  } finally {
    await ctx.close();
  }
}
