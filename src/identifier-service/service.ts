/**
 * The identifier key service: a small process of its own, meant to run as
 * another system user or on another host, holding the only copy of the OPRF
 * key that makes identifiers comparable. The main server sends blinded
 * elements and gets evaluations back; it never sees the key, and the service
 * never sees an identifier (only blinded points, or, for reports made while
 * it was down, keyed hashes sealed to its own X25519 key, which the pepper it
 * does not hold would be needed to reverse).
 *
 * It answers HTTP on a Unix socket, each request carrying the shared secret;
 * it limits evaluations per minute and per day (a seized main server cannot
 * enumerate a mobile range through it), and logs only daily counts.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { generateKeyPair, keyPairFromSecretKey, oprfBlindEvaluate, oprfEvaluate, oprfGenerateKey, openForService, randomBytes, timingSafeEqual, type KeyPair } from '../crypto/index.js';

export interface IdentifierServiceOptions {
  /** The Unix socket to listen on. */
  readonly socketPath: string;
  /** The key file (OPRF key and X25519 key): mode 0600, created when absent. */
  readonly keyFile: string;
  /** The shared secret file: created when absent (mode 0600); the main server reads a copy of it. */
  readonly secretFile: string;
  /** Evaluations allowed per minute and per day (UTC). */
  readonly perMinute: number;
  readonly perDay: number;
  /** Where the count lines go. */
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
}

export interface RunningIdentifierService {
  readonly socketPath: string;
  close(): Promise<void>;
}

/** Most elements in one request. */
export const MAX_BATCH = 256;
const MAX_BODY = 64 * 1024;

interface KeyFile {
  readonly oprfKey: Buffer;
  readonly box: KeyPair;
}

/** Creates a file (mode 0600) unless another process just did. */
function writeOnce(file: string, content: string): void {
  try {
    writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Reads the key file, creating it (mode 0600) when absent; refuses one that others can read. */
export function readOrCreateKeyFile(file: string): KeyFile {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const box = generateKeyPair();
    const body = { version: 1, oprfKey: oprfGenerateKey().toString('base64'), boxSecretKey: Buffer.from(box.secretKey).toString('base64') };
    writeOnce(file, JSON.stringify(body));
  }
  if ((statSync(file).mode & 0o077) !== 0) throw new Error(`identifier service key file ${file} is readable by others: chmod 600 it`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version: number; oprfKey: string; boxSecretKey: string };
  const oprfKey = Buffer.from(parsed.oprfKey, 'base64');
  const boxSecret = Buffer.from(parsed.boxSecretKey, 'base64');
  if (parsed.version !== 1 || oprfKey.length !== 32 || boxSecret.length !== 32) throw new Error(`identifier service key file ${file} is not readable`);
  return { oprfKey, box: keyPairFromSecretKey(boxSecret) };
}

/** Reads the shared secret file, creating it (mode 0600) when absent. */
export function readOrCreateSecretFile(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeOnce(file, randomBytes(32).toString('base64') + '\n');
  }
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length < 16) throw new Error(`identifier service secret file ${file} holds too short a secret`);
  return secret;
}

/** Counts evaluations in the current minute and day; refuses beyond either limit. */
class Limits {
  private minute = '';
  private day = '';
  private inMinute = 0;
  private inDay = 0;
  evaluated = 0;
  refused = 0;
  constructor(
    private readonly perMinute: number,
    private readonly perDay: number,
    private readonly now: () => Date,
  ) {}
  take(n: number): boolean {
    const iso = this.now().toISOString();
    if (iso.slice(0, 16) !== this.minute) {
      this.minute = iso.slice(0, 16);
      this.inMinute = 0;
    }
    if (iso.slice(0, 10) !== this.day) {
      this.day = iso.slice(0, 10);
      this.inDay = 0;
    }
    if (this.inMinute + n > this.perMinute || this.inDay + n > this.perDay) {
      this.refused += n;
      return false;
    }
    this.inMinute += n;
    this.inDay += n;
    this.evaluated += n;
    return true;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function b64List(value: unknown, field: string): Buffer[] | null {
  const list = (value as Record<string, unknown> | null)?.[field];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH || !list.every((x) => typeof x === 'string' && x.length <= 400)) return null;
  return list.map((x: string) => Buffer.from(x, 'base64'));
}

/** Starts the service on its Unix socket. */
export async function startIdentifierService(opts: IdentifierServiceOptions): Promise<RunningIdentifierService> {
  const keys = readOrCreateKeyFile(opts.keyFile);
  const secret = readOrCreateSecretFile(opts.secretFile);
  const now = opts.now ?? (() => new Date());
  const limits = new Limits(opts.perMinute, opts.perDay, now);
  const log = opts.log ?? ((line: string) => process.stdout.write(line + '\n'));

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 400, { error: 'bad-request' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const given = Buffer.from(String(req.headers['x-parasol-secret'] ?? ''), 'utf8');
    if (!timingSafeEqual(given, Buffer.from(secret.toString('base64'), 'utf8'))) {
      req.resume();
      return send(res, 401, { error: 'unauthorised' });
    }
    if (req.method === 'GET' && req.url === '/v1/public-key') return send(res, 200, { boxPublicKey: Buffer.from(keys.box.publicKey).toString('base64') });
    if (req.method !== 'POST') return send(res, 404, { error: 'not-found' });
    const body = await readJson(req);
    if (req.url === '/v1/evaluate') {
      const elements = b64List(body, 'elements');
      if (!elements) return send(res, 400, { error: 'bad-request' });
      if (!limits.take(elements.length)) return send(res, 429, { error: 'limited' });
      return send(res, 200, { evaluated: elements.map((e) => oprfBlindEvaluate(keys.oprfKey, e).toString('base64')) });
    }
    if (req.url === '/v1/evaluate-sealed') {
      // Values sealed to this service while it was down: opened here, evaluated whole, never returned in clear.
      const sealed = b64List(body, 'sealed');
      const contexts = (body as { contexts?: unknown }).contexts;
      if (!sealed || !Array.isArray(contexts) || contexts.length !== sealed.length || !contexts.every((c) => typeof c === 'string' && c.length <= 200)) return send(res, 400, { error: 'bad-request' });
      if (!limits.take(sealed.length)) return send(res, 429, { error: 'limited' });
      const outputs = sealed.map((s, i) => {
        try {
          return oprfEvaluate(keys.oprfKey, openForService(s, keys.box, contexts[i] as string)).toString('base64');
        } catch {
          return null;
        }
      });
      return send(res, 200, { outputs });
    }
    return send(res, 404, { error: 'not-found' });
  }

  // Counts only, once a day for the day before: a line a minute would time members' checks to the minute in the journal.
  let loggedDay = now().toISOString().slice(0, 10);
  const ticker = setInterval(() => {
    const today = now().toISOString().slice(0, 10);
    if (today === loggedDay) return;
    log(`identifier service: ${limits.evaluated} evaluated, ${limits.refused} refused over the limit on ${loggedDay}`);
    limits.evaluated = 0;
    limits.refused = 0;
    loggedDay = today;
  }, 60_000);
  ticker.unref();

  mkdirSync(path.dirname(opts.socketPath), { recursive: true });
  if (existsSync(opts.socketPath)) rmSync(opts.socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.socketPath, () => resolve());
  });
  // Only this user (and a group the operator chooses) may connect; the shared secret is checked as well.
  chmodSync(opts.socketPath, 0o660);
  return {
    socketPath: opts.socketPath,
    async close() {
      clearInterval(ticker);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
