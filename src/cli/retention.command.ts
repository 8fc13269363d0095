/** `parasol retention run`: deletes closed reports past their retention period and settles the key vault now. */
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { runRetention } from '../core/retention/retention.service.js';
import { Progress, type ProgressStream } from '../backup/progress.js';
import type { Io } from './io.js';

/** Below this many reports a run without a terminal prints no progress lines. */
const PLAIN_PROGRESS_FROM = 100;

export async function retentionCommand(config: Config, io: Io, sub: string | undefined, stream: ProgressStream = process.stderr): Promise<number> {
  if (sub !== 'run') {
    io.err('Usage: parasol retention run');
    return 2;
  }
  const ctx = await createContext(config);
  try {
    // A bar on a terminal; plain lines otherwise, only for a run long enough to need them.
    let progress: Progress | null = null;
    const onProgress = (done: number, total: number) => {
      if (!progress && (stream.isTTY || total >= PLAIN_PROGRESS_FROM))
        progress = new Progress(stream, 'Deleting closed reports past retention', total, Date.now, (n) => `${n} report${n === 1 ? '' : 's'}`);
      progress?.update(done, total);
    };
    const r = await runRetention(ctx.core, { graceMs: config.shredGraceMs, onProgress });
    (progress as Progress | null)?.finish(r.deleted);
    io.out(`Deleted ${r.deleted} report(s); re-wrapped ${r.rewrapped} shred key(s); destroyed vault generation(s): ${r.destroyedGenerations.join(', ') || 'none'}.`);
    return 0;
  } finally {
    await ctx.close();
  }
}
