/**
 * The main server's side of the identifier key service. Evaluations go to
 * the OPRF worker (./oprf-worker.ts), a thread that blinds each input, sends
 * only the blinded elements over the Unix socket with the shared secret, and
 * unblinds the answers (RFC 9497 OPRF), so that the curve arithmetic never
 * holds the event loop. Checks that arrive together share requests. Any
 * failure (no socket, a refusal over the limit, a malformed answer, the
 * worker gone) is IdentifierServiceUnavailable: callers fail closed, and
 * nothing falls back to another hash.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { publicKeyFromBytes, type PublicKey } from '../crypto/index.js';
import { IdentifierServiceUnavailable, type IdentifierKeys } from '../core/reports/identifiers.js';
import type { OprfAnswer, OprfRequest, OprfWorkerData } from './oprf-worker.js';
import { MAX_BATCH } from './service.js';
import { callService, serviceAgent, type ServiceEndpoint } from './transport.js';

export interface IdentifierClientOptions extends ServiceEndpoint {
  /** Where the service's public key is kept once seen, so reports made while it is down can be sealed to it after a restart. */
  readonly publicKeyFile?: string;
}

interface Waiting {
  resolve(outputs: Buffer[]): void;
  reject(err: unknown): void;
  readonly timer: NodeJS.Timeout;
}

/**
 * The longest a caller waits for the worker's answer, beyond the service's own timeout (the socket's, 5 s by
 * default): a worker that stopped answering makes the check unavailable, never a page that hangs.
 */
const DEADLINE_MARGIN_MS = 2_000;

/**
 * The worker's module and how to start it: the compiled `.js` beside this file, or, when Parasol runs from its
 * TypeScript sources (development, tests), the `.ts` with the same TypeScript loader as this process.
 */
function workerModule(): { url: URL; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './oprf-worker.ts' : './oprf-worker.js', import.meta.url);
  if (!fromSource || process.execArgv.some((a) => a.includes('tsx'))) return { url };
  return { url, execArgv: [...process.execArgv, '--import', 'tsx'] };
}

export class IdentifierServiceClient implements IdentifierKeys {
  private readonly agent = serviceAgent();
  private publicKeyCache: PublicKey | null = null;
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: IdentifierClientOptions) {
    if (opts.publicKeyFile && existsSync(opts.publicKeyFile)) {
      const bytes = Buffer.from(readFileSync(opts.publicKeyFile, 'utf8').trim(), 'base64');
      if (bytes.length === 32) this.publicKeyCache = publicKeyFromBytes(bytes);
    }
  }

  /** F(k, input) for each input, through the worker and the service. */
  evaluate(inputs: readonly Buffer[]): Promise<Buffer[]> {
    if (inputs.length === 0) return Promise.resolve([]);
    if (this.closed) return Promise.reject(new IdentifierServiceUnavailable('down'));
    return new Promise<Buffer[]>((resolve, reject) => {
      const worker = this.workerThread();
      const id = this.nextId++;
      const timer = setTimeout(
        () => {
          if (!this.waiting.delete(id)) return;
          if (this.waiting.size === 0) this.worker?.unref();
          reject(new IdentifierServiceUnavailable('down'));
        },
        (this.opts.timeoutMs ?? 5_000) + DEADLINE_MARGIN_MS,
      );
      timer.unref();
      this.waiting.set(id, { resolve, reject, timer });
      // The worker keeps the process alive only while an evaluation waits for it.
      if (this.waiting.size === 1) worker.ref();
      const message: OprfRequest = { id, inputs: inputs.map((i) => new Uint8Array(i)) };
      worker.postMessage(message);
    });
  }

  private workerThread(): Worker {
    if (this.worker) return this.worker;
    const { url, execArgv } = workerModule();
    const workerData: OprfWorkerData = { socketPath: this.opts.socketPath, secret: new Uint8Array(this.opts.secret), ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}) };
    const worker = new Worker(url, { workerData, ...(execArgv ? { execArgv } : {}) });
    worker.unref();
    worker.on('message', (answer: OprfAnswer) => this.settle(answer));
    const gone = () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.refuseAllWaiting();
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    this.worker = worker;
    return worker;
  }

  /** Every caller still waiting is told the service is unavailable (the worker is gone, or the client closed). */
  private refuseAllWaiting(): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) {
      clearTimeout(w.timer);
      w.reject(new IdentifierServiceUnavailable('down'));
    }
  }

  private settle(answer: OprfAnswer): void {
    const waiting = this.waiting.get(answer.id);
    if (!waiting) return;
    this.waiting.delete(answer.id);
    clearTimeout(waiting.timer);
    if (this.waiting.size === 0) this.worker?.unref();
    if ('error' in answer) waiting.reject(new IdentifierServiceUnavailable(answer.error));
    else waiting.resolve(answer.outputs.map((o) => Buffer.from(o.buffer, o.byteOffset, o.byteLength)));
  }

  async servicePublicKey(): Promise<PublicKey | null> {
    try {
      const answer = (await callService(this.opts, this.agent, 'GET', '/v1/public-key')) as { boxPublicKey?: string };
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
      const answer = (await callService(this.opts, this.agent, 'POST', '/v1/evaluate-sealed', { sealed: part.map((p) => p.sealed.toString('base64')), contexts: part.map((p) => p.context) })) as {
        outputs?: unknown;
      };
      if (!Array.isArray(answer.outputs) || answer.outputs.length !== part.length) throw new IdentifierServiceUnavailable('malformed');
      for (const o of answer.outputs) out.push(typeof o === 'string' ? Buffer.from(o, 'base64') : null);
    }
    return out;
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
    const worker = this.worker;
    this.worker = null;
    this.refuseAllWaiting();
    void worker?.terminate();
  }
}
