/**
 * `parasol identifier-service`: runs the identifier key service on its Unix
 * socket until stopped. Meant to run as another system user (or on another
 * host) than the main server: its key file is the one thing a seized main
 * server must not have. Configured from its own environment only; it reads
 * no database and no secrets file of the main server.
 */
import path from 'node:path';
import { startIdentifierService } from '../identifier-service/service.js';
import type { Io } from './io.js';

function limit(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0`);
  return n;
}

export async function identifierServiceCommand(io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dir = path.resolve(env.PARASOL_IDENTIFIER_DIR ?? 'data/identifier-service');
  let service;
  try {
    service = await startIdentifierService({
      socketPath: path.resolve(env.PARASOL_IDENTIFIER_SOCKET ?? path.join(dir, 'identifier.sock')),
      keyFile: path.resolve(env.PARASOL_IDENTIFIER_KEY_FILE ?? path.join(dir, 'identifier.key')),
      secretFile: path.resolve(env.PARASOL_IDENTIFIER_SECRET_FILE ?? path.join(dir, 'identifier.secret')),
      perMinute: limit(env, 'PARASOL_IDENTIFIER_PER_MINUTE', 600),
      perDay: limit(env, 'PARASOL_IDENTIFIER_PER_DAY', 20_000),
      log: (line) => io.out(line),
    });
  } catch (err) {
    io.err((err as Error).message);
    return 1;
  }
  io.out(`identifier service listening on ${service.socketPath}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await service.close();
  return 0;
}
