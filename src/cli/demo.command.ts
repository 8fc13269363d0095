/**
 * `parasol demo`: demo organisations with coverage areas and a caseworker
 * key pair each, for local use. The demo private keys go to a 0600 file in
 * the data folder; never use demo data on a real installation.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { createDemo, hasOrganisations } from '../core/demo/demo.service.js';
import type { Io } from './io.js';

export const DEMO_KEYS_FILE = 'demo-caseworker-keys.json';

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
    const body = keys.map((k) => ({ organisation: k.organisation, userId: k.userId, publicKey: k.keyPair.publicKey.toString('base64'), secretKey: k.keyPair.secretKey.toString('base64') }));
    fs.writeFileSync(file, JSON.stringify({ warning: 'DEMO ONLY: unwrapped caseworker keys for local testing', keys: body }, null, 2) + '\n', { mode: 0o600 });
    io.out(`Created ${keys.length} demo organisations${onlyFirst ? ' beside the existing one' : ''}, with coverage areas and a demo caseworker key each (${file}).`);
    return 0;
  } finally {
    await ctx.close();
  }
}
