/**
 * The main server's side of the identifier key service: blinds each input,
 * sends only the blinded elements over the Unix socket with the shared
 * secret, and unblinds the answers (RFC 9497 OPRF). Checks that arrive
 * together share one request. Any failure (no socket, a refusal over the
 * limit, a malformed answer) is IdentifierServiceUnavailable: callers fail
 * closed, and nothing falls back to another hash.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { oprfBlind, oprfFinalize, publicKeyFromBytes, type PublicKey } from '../crypto/index.js';
import { IdentifierServiceUnavailable, type IdentifierKeys } from '../core/reports/identifiers.js';
import { MAX_BATCH } from './service.js';

interface Pending {
  readonly input: Buffer;
  resolve(out: Buffer): void;
  reject(err: unknown): void;
}

export interface IdentifierClientOptions {
  readonly socketPath: string;
  /** The shared secret (the content of the secret file). */
  readonly secret: Buffer;
  /** Where the service's public key is kept once seen, so reports made while it is down can be sealed to it after a restart. */
  readonly publicKeyFile?: string;
  readonly timeoutMs?: number;
}

export class IdentifierServiceClient implements IdentifierKeys {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });
  private queue: Pending[] = [];
  private scheduled = false;
  private publicKeyCache: PublicKey | null = null;

  constructor(private readonly opts: IdentifierClientOptions) {
    if (opts.publicKeyFile && existsSync(opts.publicKeyFile)) {
      const bytes = Buffer.from(readFileSync(opts.publicKeyFile, 'utf8').trim(), 'base64');
      if (bytes.length === 32) this.publicKeyCache = publicKeyFromBytes(bytes);
    }
  }

  /** F(k, input) for each input, through the service. */
  evaluate(inputs: readonly Buffer[]): Promise<Buffer[]> {
    return Promise.all(
      inputs.map(
        (input) =>
          new Promise<Buffer>((resolve, reject) => {
            this.queue.push({ input, resolve, reject });
            if (!this.scheduled) {
              this.scheduled = true;
              setImmediate(() => this.flush());
            }
          }),
      ),
    );
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      void this.send(batch);
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      const blinded = batch.map((p) => oprfBlind(p.input));
      const answer = (await this.call('POST', '/v1/evaluate', { elements: blinded.map((b) => b.blinded.toString('base64')) })) as { evaluated?: unknown };
      const evaluated = answer.evaluated;
      if (!Array.isArray(evaluated) || evaluated.length !== batch.length) throw new IdentifierServiceUnavailable('malformed');
      batch.forEach((p, i) => {
        try {
          p.resolve(oprfFinalize(p.input, blinded[i]!.blind, Buffer.from(String(evaluated[i]), 'base64')));
        } catch {
          p.reject(new IdentifierServiceUnavailable('malformed'));
        }
      });
    } catch (err) {
      const e = err instanceof IdentifierServiceUnavailable ? err : new IdentifierServiceUnavailable('down');
      for (const p of batch) p.reject(e);
    }
  }

  async servicePublicKey(): Promise<PublicKey | null> {
    try {
      const answer = (await this.call('GET', '/v1/public-key')) as { boxPublicKey?: string };
      const bytes = Buffer.from(String(answer.boxPublicKey ?? ''), 'base64');
      if (bytes.length !== 32) return this.publicKeyCache;
      const key = publicKeyFromBytes(bytes);
      if (!this.publicKeyCache || !Buffer.from(this.publicKeyCache).equals(bytes)) {
        this.publicKeyCache = key;
        if (this.opts.publicKeyFile) writeFileSync(this.opts.publicKeyFile, bytes.toString('base64') + '\n', { mode: 0o600 });
      }
      return key;
    } catch {
      return this.publicKeyCache;
    }
  }

  async evaluateSealed(items: ReadonlyArray<{ context: string; sealed: Buffer }>): Promise<Array<Buffer | null>> {
    const out: Array<Buffer | null> = [];
    for (let i = 0; i < items.length; i += MAX_BATCH) {
      const part = items.slice(i, i + MAX_BATCH);
      const answer = (await this.call('POST', '/v1/evaluate-sealed', { sealed: part.map((p) => p.sealed.toString('base64')), contexts: part.map((p) => p.context) })) as { outputs?: unknown };
      if (!Array.isArray(answer.outputs) || answer.outputs.length !== part.length) throw new IdentifierServiceUnavailable('malformed');
      for (const o of answer.outputs) out.push(typeof o === 'string' ? Buffer.from(o, 'base64') : null);
    }
    return out;
  }

  private call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const text = body === undefined ? '' : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          socketPath: this.opts.socketPath,
          path,
          method,
          agent: this.agent,
          timeout: this.opts.timeoutMs ?? 5000,
          headers: { 'x-parasol-secret': this.opts.secret.toString('base64'), 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
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

  close(): void {
    this.agent.destroy();
  }
}
