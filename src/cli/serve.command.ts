/** `parasol serve`: runs both listeners until SIGINT or SIGTERM. */
import { publicBaseUrl, type Config } from '../config.js';
import { createContext } from '../context.js';
import { startServers } from '../web/server.js';
import type { Io } from './io.js';

export async function serveCommand(config: Config, io: Io): Promise<number> {
  const ctx = await createContext(config);
  let servers;
  try {
    servers = await startServers(ctx);
  } catch (err) {
    await ctx.close();
    const code = (err as { code?: string }).code;
    io.err(code === 'EADDRINUSE' ? 'A port Parasol needs is already in use. Set PARASOL_REPORTER_PORT or PARASOL_STAFF_PORT.' : `Parasol could not start (${code ?? 'unexpected error'}).`);
    return 1;
  }
  io.out(`Parasol reporter surface: ${servers.reporterUrl}/`);
  io.out(`Parasol staff surface:    ${servers.staffUrl}/`);
  io.out(`Database: ${ctx.database.dialect === 'sqlite' ? config.sqliteFile : 'PostgreSQL'}`);
  for (const [surface, name, set] of [['reporter', 'PARASOL_REPORTER_URL', config.reporterUrl], ['staff', 'PARASOL_STAFF_URL', config.staffUrl]] as const) {
    if (!set) io.err(`${name} is not set: links to the ${surface} surface use ${publicBaseUrl(config, surface)}, fine for local use only; set it to the surface's public address.`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('Stopping…');
  await servers.close();
  await ctx.close();
  return 0;
}
