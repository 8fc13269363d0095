/** `parasol serve`: runs both listeners until SIGINT or SIGTERM. */
import { publicBaseUrl, type Config } from '../config.js';
import { createContext, type Context } from '../context.js';
import { checkReadiness, isStorageFault } from '../core/health/health.service.js';
import { demoOrganisationNames } from '../core/organisations/organisations.repository.js';
import { startServers } from '../web/server.js';
import type { Io } from './io.js';
import { checkDataFolder, checkRedis } from './preflight.js';

/** True when the environment says this is a production server. */
export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'production' || env.PARASOL_MODE === 'production';
}

/** The one line for storage that cannot take writes at start: names the folder (or the database) and what to do. */
function storageLine(config: Config, kind: string): string {
  return config.databaseUrl
    ? `Parasol cannot start: the PostgreSQL database does not answer or does not take writes (${kind}). Check that it is running, reachable at DATABASE_URL, not read-only and not out of disk space, then start Parasol again.`
    : `Parasol cannot start: the data folder ${config.dataDir} is full or read-only (${kind}). Free space on its disk or make it writable, then start Parasol again.`;
}

function kindOf(err: unknown): string {
  const code = (err as { code?: unknown })?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? code : 'no write possible';
}

/** Opens the context and proves a write works; null (after one line on stderr) when storage cannot take writes. */
async function openWritable(config: Config, io: Io): Promise<Context | null> {
  let ctx: Context;
  try {
    ctx = await createContext(config);
  } catch (err) {
    if (!isStorageFault(err)) throw err;
    io.err(storageLine(config, kindOf(err)));
    return null;
  }
  const ready = await checkReadiness(ctx.core.db, ctx.core.vault, config.dataDir);
  if (ready.database !== 'writable' || ready.space === 'low') {
    await ctx.close().catch(() => {});
    io.err(
      ready.space === 'low'
        ? `Parasol cannot start: the data folder ${config.dataDir} is full or nearly full. Free space on its disk, then start Parasol again.`
        : storageLine(config, 'no write possible'),
    );
    return null;
  }
  return ctx;
}

export async function serveCommand(config: Config, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  checkDataFolder(config);
  await checkRedis(config);
  const ctx = await openWritable(config, io);
  if (!ctx) return 1;
  // Demo accounts' passwords were printed and stored, and real reports would be routed to demo organisations.
  const demo = await demoOrganisationNames(ctx.core.db);
  if (demo.length && isProduction(env)) {
    await ctx.close();
    io.err(
      `Refusing to serve demo data in production: ${config.dataDir} holds the demo organisations ${demo.join(', ')}, whose passwords were printed. ` +
        'Set up a real installation in a new, empty data folder (PARASOL_DATA_DIR) with "parasol init --organisation NAME", then "parasol serve".',
    );
    return 1;
  }
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
  for (const [surface, name, set] of [
    ['reporter', 'PARASOL_REPORTER_URL', config.reporterUrl],
    ['staff', 'PARASOL_STAFF_URL', config.staffUrl],
  ] as const) {
    if (!set) io.err(`${name} is not set: links to the ${surface} surface use ${publicBaseUrl(config, surface)}, fine for local use only; set it to the surface's public address.`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('Stopping…');
  await servers.close();
  // The last audit checkpoint is written here; on a full or read-only folder it waits for the next start.
  await ctx.close().catch(() => {});
  return 0;
}
