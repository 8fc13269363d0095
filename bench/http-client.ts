/**
 * A raw node:http client that sees what crossed the wire: the body exactly as
 * sent (gzip-compressed when the server compressed it), the response header
 * block, and the bytes the socket read. One keep-alive agent per simulated
 * browser, one connection each.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import zlib from 'node:zlib';

export interface Target {
  readonly host: string;
  readonly port: number;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The body as transferred (after de-chunking, before decompression). */
  readonly wireBody: Buffer;
  /** The status line and header block as received (reconstructed byte for byte from the raw headers). */
  readonly headerBytes: number;
  /** Bytes the socket read for this response: headers, chunk framing and body. */
  readonly socketBytes: number;
  /** Milliseconds from sending the request to the last byte of the response. */
  readonly ms: number;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: http.OutgoingHttpHeaders;
  readonly body?: string;
  readonly agent: http.Agent;
}

/** A keep-alive agent with a single connection, like one browser tab talking to one origin. */
export function browserAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

/** A request that failed on a kept-alive connection before any response arrived. */
export class StaleConnectionError extends Error {
  constructor(cause: Error & { code?: string }) {
    super(`stale keep-alive connection: ${cause.message}`, { cause });
    this.name = 'StaleConnectionError';
  }
}

/**
 * Sends one request and reads the whole response. When a reused kept-alive connection fails before
 * any response (the usual cause: the server's idle timeout closed it as we reused it, so the request
 * was never read), the request is sent once more on a new connection, as browsers do, even for POST.
 */
export async function send(target: Target, opts: RequestOptions, onResend?: () => void): Promise<WireResponse> {
  const started = performance.now();
  try {
    return await sendOnce(target, opts, started);
  } catch (err) {
    if (!(err instanceof StaleConnectionError)) throw err;
    onResend?.();
    return sendOnce(target, opts, started);
  }
}

function sendOnce(target: Target, opts: RequestOptions, started: number): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body, 'utf8');
    const req = http.request({
      host: target.host,
      port: target.port,
      method: opts.method ?? 'GET',
      path: opts.path,
      agent: opts.agent,
      headers: { ...opts.headers, ...(body ? { 'content-length': body.length } : {}) },
    });
    let readBefore = 0;
    let socket: Socket | undefined;
    req.on('socket', (s) => {
      socket = s;
      readBefore = s.bytesRead;
    });
    let responded = false;
    req.on('error', (err: Error & { code?: string }) => {
      const stale = req.reusedSocket && !responded && ['ECONNRESET', 'EPIPE'].includes(err.code ?? '');
      reject(stale ? new StaleConnectionError(err) : err);
    });
    req.on('response', (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        // By 'end' the agent may have detached the socket from the response; use the one the request got.
        const socketBytes = socket ? socket.bytesRead - readBefore : 0;
        let head = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n`;
        for (let i = 0; i < res.rawHeaders.length; i += 2) head += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`;
        head += '\r\n';
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          wireBody: Buffer.concat(chunks),
          headerBytes: Buffer.byteLength(head, 'latin1'),
          socketBytes,
          ms: performance.now() - started,
        });
      });
    });
    req.end(body);
  });
}

/** The decoded body text (gunzips or inflates when the server compressed it). */
export function textOf(res: WireResponse): string {
  const enc = String(res.headers['content-encoding'] ?? '').toLowerCase();
  const raw = enc === 'gzip' ? zlib.gunzipSync(res.wireBody) : enc === 'deflate' ? zlib.inflateSync(res.wireBody) : res.wireBody;
  return raw.toString('utf8');
}

/** The decoded body size in bytes. */
export function decodedBytes(res: WireResponse): number {
  return Buffer.byteLength(textOf(res), 'utf8');
}

/** A one-cookie jar: keeps the value of `name` from Set-Cookie, as a browser would. */
export class CookieJar {
  private value = '';

  constructor(private readonly name: string) {}

  /** The Cookie header to send, or undefined when there is no cookie yet. */
  header(): string | undefined {
    return this.value ? `${this.name}=${this.value}` : undefined;
  }

  update(res: WireResponse): void {
    const set = res.headers['set-cookie'] ?? [];
    for (const line of set) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq).trim() === this.name) this.value = pair.slice(eq + 1).trim();
    }
  }
}
