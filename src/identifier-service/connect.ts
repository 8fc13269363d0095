/**
 * How the main server reaches its identifier key service: the configured
 * Unix socket with the shared secret from its file, or, when none is
 * configured (local use and tests only; production refuses to start without
 * one), a service started inside this process with its own key file in the
 * data folder. The local one is a convenience: it gives a seized machine the
 * key as well, which is exactly what running the service apart prevents.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { randomId } from '../crypto/index.js';
import type { IdentifierKeys } from '../core/reports/identifiers.js';
import { IdentifierServiceClient } from './client.js';
import { startIdentifierService, type RunningIdentifierService } from './service.js';

export interface IdentifierConnection {
  readonly keys: IdentifierKeys;
  close(): Promise<void>;
}

export async function connectIdentifierService(config: Pick<Config, 'dataDir' | 'identifierService' | 'identifierSecretFile'>): Promise<IdentifierConnection> {
  let local: RunningIdentifierService | null = null;
  let socketPath = config.identifierService;
  if (!socketPath) {
    // One socket per process: a command run beside `parasol serve` must not take over the server's socket.
    const inData = path.join(config.dataDir, `identifier-service-${process.pid}.sock`);
    // A Unix socket path is limited to about 100 bytes.
    socketPath = inData.length < 100 ? inData : path.join(tmpdir(), `parasol-ids-${randomId().slice(0, 12)}.sock`);
    local = await startIdentifierService({
      socketPath,
      keyFile: path.join(config.dataDir, 'identifier-service.key'),
      secretFile: config.identifierSecretFile,
      perMinute: 1_000_000,
      perDay: 100_000_000,
      log: () => {},
    });
  } else if (!existsSync(config.identifierSecretFile)) {
    throw new Error(`identifier service secret file ${config.identifierSecretFile} is missing: copy the service's secret file there (mode 0600)`);
  }
  const secret = Buffer.from(readFileSync(config.identifierSecretFile, 'utf8').trim(), 'base64');
  const client = new IdentifierServiceClient({ socketPath, secret, publicKeyFile: path.join(config.dataDir, 'identifier-service.pub') });
  // Learn the service's sealing key now, so reports made while it is down later can still be sealed to it.
  await client.servicePublicKey();
  return {
    keys: client,
    async close() {
      client.close();
      await local?.close();
    },
  };
}
