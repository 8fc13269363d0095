/** `parasol retention run`: deletes closed reports past their retention period and settles the key vault now. */
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { runRetention } from '../core/retention/retention.service.js';
import type { Io } from './io.js';

export async function retentionCommand(config: Config, io: Io, sub: string | undefined): Promise<number> {
  if (sub !== 'run') {
    io.err('Usage: parasol retention run');
    return 2;
  }
  const ctx = await createContext(config);
  try {
    const r = await runRetention(ctx.core, { graceMs: config.shredGraceMs });
    io.out(`Deleted ${r.deleted} report(s); re-wrapped ${r.rewrapped} shred key(s); destroyed vault generation(s): ${r.destroyedGenerations.join(', ') || 'none'}.`);
    return 0;
  } finally {
    await ctx.close();
  }
}
