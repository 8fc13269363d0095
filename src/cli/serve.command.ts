/** `parasol serve`: runs both listeners until SIGINT or SIGTERM. */
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { startServers } from '../web/server.js';
import type { Io } from './io.js';
import { checkDataFolder, checkRedis } from './preflight.js';

export async function serveCommand(config: Config, io: Io): Promise<number> {
  checkDataFolder(config);
  await checkRedis(config);
  const ctx = await createContext(config);
  let servers;
  try {
    servers = await startServers(ctx);
  } catch (err) {
    await ctx.close();
    const code = (err as { code?: string }).code;
    const where = `PARASOL_REPORTER_HOST/PORT ${config.reporter.host}:${config.reporter.port} or PARASOL_STAFF_HOST/PORT ${config.staff.host}:${config.staff.port}`;
    io.err(
      code === 'EADDRINUSE'
        ? `A port Parasol needs is already in use (${where}): stop what uses it, or set PARASOL_REPORTER_PORT or PARASOL_STAFF_PORT.`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `An address Parasol should listen on is not one of this machine's (${where}): fix PARASOL_REPORTER_HOST or PARASOL_STAFF_HOST.`
          : code === 'EACCES'
            ? `Parasol may not listen on ${where} (ports below 1024 need privileges): use ports above 1024 behind the reverse proxy.`
            : `Parasol could not start (${code ?? (err as Error).name}).`,
    );
    return 1;
  }
  io.out(`Parasol reporter surface: ${servers.reporterUrl}/`);
  io.out(`Parasol staff surface:    ${servers.staffUrl}/`);
  io.out(`Database: ${ctx.database.dialect === 'sqlite' ? config.sqliteFile : 'PostgreSQL'}`);
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
