/**
 * `parasol start`: the one command for a first look. Sets up a data folder
 * and demo organisations where none exist, then serves.
 */
import type { Config } from '../config.js';
import { demoCommand } from './demo.command.js';
import { initCommand } from './init.command.js';
import type { Io } from './io.js';
import { serveCommand } from './serve.command.js';

export async function startCommand(config: Config, io: Io): Promise<number> {
  const fresh = !(await import('node:fs')).existsSync(config.secretsFile);
  if (fresh) {
    const code = await initCommand(config, io, { ifNeeded: true });
    if (code !== 0) return code;
    const demo = await demoCommand(config, io);
    if (demo !== 0) return demo;
  }
  return serveCommand(config, io);
}
