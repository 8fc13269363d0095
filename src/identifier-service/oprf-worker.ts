/**
 * The client's OPRF work, on a thread of its own: blinding each input,
 * sending only the blinded elements to the identifier key service, and
 * unblinding the answers (RFC 9497). Two ristretto255 multiplications an
 * identifier (about half a millisecond in libsodium's WebAssembly) would
 * otherwise hold the server's event loop; here they run beside it, and the
 * service evaluates one part of a burst while this thread blinds the next.
 *
 * Messages in: `{ id, inputs }` (the HMAC of each identifier, never the
 * identifier). Messages out: `{ id, outputs }` or `{ id, error }` with the
 * reason of an IdentifierServiceUnavailable. Nothing is logged here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { oprfBlind, oprfFinalize } from '../crypto/index.js';
import { IdentifierServiceUnavailable } from '../core/reports/identifiers.js';
import { callService, serviceAgent, type ServiceEndpoint } from './transport.js';

export interface OprfWorkerData {
  readonly socketPath: string;
  readonly secret: Uint8Array;
  readonly timeoutMs?: number;
}

export interface OprfRequest {
  readonly id: number;
  readonly inputs: readonly Uint8Array[];
}

export type OprfAnswer = { readonly id: number; readonly outputs: Uint8Array[] } | { readonly id: number; readonly error: IdentifierServiceUnavailable['reason'] };

/**
 * Elements per request to the service. Small enough that the service starts
 * on the first part of a burst while this thread blinds the rest, large
 * enough that the HTTP and JSON cost of a request is shared.
 */
export const CHUNK = 16;

interface Pending {
  readonly input: Buffer;
  readonly request: number;
  readonly index: number;
}

const data = workerData as OprfWorkerData;
const endpoint: ServiceEndpoint = { socketPath: data.socketPath, secret: Buffer.from(data.secret), ...(data.timeoutMs ? { timeoutMs: data.timeoutMs } : {}) };
const agent = serviceAgent();
const port = parentPort!;

/** Outputs gathered per request, until all its inputs are answered (or one failed). */
const open = new Map<number, { outputs: Uint8Array[]; left: number }>();
const queue: Pending[] = [];
let scheduled = false;

function answer(message: OprfAnswer): void {
  port.postMessage(message);
}

function fail(request: number, reason: IdentifierServiceUnavailable['reason']): void {
  if (!open.delete(request)) return;
  answer({ id: request, error: reason });
}

async function send(batch: readonly Pending[]): Promise<void> {
  try {
    const blinded = batch.map((p) => oprfBlind(p.input));
    const reply = (await callService(endpoint, agent, 'POST', '/v1/evaluate', { elements: blinded.map((b) => b.blinded.toString('base64')) })) as { evaluated?: unknown };
    const evaluated = reply.evaluated;
    if (!Array.isArray(evaluated) || evaluated.length !== batch.length) throw new IdentifierServiceUnavailable('malformed');
    batch.forEach((p, i) => {
      const state = open.get(p.request);
      if (!state) return;
      let output: Buffer;
      try {
        output = oprfFinalize(p.input, blinded[i]!.blind, Buffer.from(String(evaluated[i]), 'base64'));
      } catch {
        return fail(p.request, 'malformed');
      }
      state.outputs[p.index] = output;
      if (--state.left === 0) {
        open.delete(p.request);
        answer({ id: p.request, outputs: state.outputs });
      }
    });
  } catch (err) {
    const reason = err instanceof IdentifierServiceUnavailable ? err.reason : 'down';
    for (const p of batch) fail(p.request, reason);
  }
}

/**
 * Sends the queue a chunk at a time, letting each request leave before the next chunk is blinded. Inputs of a
 * request that has already failed are dropped: they would only spend the service's limit.
 */
function flush(): void {
  const chunk = queue.splice(0, CHUNK).filter((p) => open.has(p.request));
  if (chunk.length) void send(chunk);
  if (queue.length) setImmediate(flush);
  else scheduled = false;
}

port.on('message', (message: OprfRequest) => {
  open.set(message.id, { outputs: new Array<Uint8Array>(message.inputs.length), left: message.inputs.length });
  message.inputs.forEach((input, index) => queue.push({ input: Buffer.from(input), request: message.id, index }));
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
