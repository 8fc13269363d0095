/**
 * One call to the identifier key service over its Unix socket, with the shared
 * secret: JSON in, JSON out. Any failure (no socket, a timeout, a refusal over
 * the limit, an answer that is not JSON) is IdentifierServiceUnavailable, so
 * callers fail closed. Used by the client on the main thread (the service's
 * public key, sealed identifiers) and by the OPRF worker (evaluations).
 */
import { Agent, request } from 'node:http';
import { IdentifierServiceUnavailable } from '../core/reports/identifiers.js';

export interface ServiceEndpoint {
  readonly socketPath: string;
  /** The shared secret (the content of the secret file). */
  readonly secret: Buffer;
  readonly timeoutMs?: number;
}

/** Keep-alive connections to the service (a few: answers come back in the order the service finishes them). */
export function serviceAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 8 });
}

export function callService(endpoint: ServiceEndpoint, agent: Agent, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const text = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: endpoint.socketPath,
        path,
        method,
        agent,
        timeout: endpoint.timeoutMs ?? 5000,
        headers: { 'x-parasol-secret': endpoint.secret.toString('base64'), 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode === 429) return reject(new IdentifierServiceUnavailable('limited'));
          if (res.statusCode !== 200) return reject(new IdentifierServiceUnavailable('refused'));
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new IdentifierServiceUnavailable('malformed'));
          }
        });
        res.on('error', () => reject(new IdentifierServiceUnavailable('down')));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => reject(new IdentifierServiceUnavailable('down')));
    req.end(text);
  });
}
