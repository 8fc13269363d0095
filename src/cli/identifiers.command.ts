/** `parasol identifiers migrate|status`: converts pepper-only identifier hashes to the identifier service's OPRF, with progress; resumable. */
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { identifierHashesToMigrate, migrateIdentifierHashes } from '../core/matching/identifier-migration.service.js';
import { IdentifierServiceUnavailable } from '../core/reports/identifiers.js';
import type { Io } from './io.js';

export async function identifiersCommand(config: Config, io: Io, sub: string | undefined): Promise<number> {
  if (sub !== 'migrate' && sub !== 'status') {
    io.err('Usage: parasol identifiers migrate|status');
    return 2;
  }
  const ctx = await createContext(config);
  try {
    if (sub === 'status') {
      for (const [table, n] of Object.entries(await identifierHashesToMigrate(ctx.core))) io.out(`${table}: ${n} to convert`);
      return 0;
    }
    try {
      await migrateIdentifierHashes(ctx.core, { progress: (table, done, total) => io.out(`${table}: ${done} of ${total}`) });
    } catch (err) {
      if (!(err instanceof IdentifierServiceUnavailable)) throw err;
      io.err('The identifier service is not answering (or is over its limit); nothing is lost: run this again to go on.');
      return 1;
    }
    io.out('Every identifier hash is now computed with the identifier service.');
    return 0;
  } finally {
    await ctx.close();
  }
}
