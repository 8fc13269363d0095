/**
 * Real services on 127.0.0.1 for delivery tests:
 * - an SMTP server (smtp-server) whose messages are parsed with mailparser;
 * - a Web Push service over HTTPS (a self-signed certificate made with
 *   openssl) that checks the VAPID signature and DECRYPTS each message as a
 *   browser does (RFC 8291 key derivation, RFC 8188 aes128gcm), with a
 *   subscription key pair made here, as a browser makes one.
 */
import { execFileSync } from 'node:child_process';
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

// ---------------------------------------------------------------- SMTP

export interface SmtpCatcher {
  readonly url: string;
  readonly messages: ParsedMail[];
  /** Refuse the next n messages with a temporary error (451). */
  failNext(n: number): void;
  /** Resolves once `count` messages have arrived (bounded). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<SmtpCatcher> {
  const messages: ParsedMail[] = [];
  let failing = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failing > 0) {
          failing--;
          const err = new Error('try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          callback(err);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((m) => {
            messages.push(m);
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext(n) {
      failing = n;
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} e-mails, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------- Web Push

/** A browser's push subscription: its key pair and auth secret stay here; the server gets the public parts. */
export interface TestSubscription {
  readonly id: string;
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
  readonly ecdh: ECDH;
  readonly authSecret: Buffer;
}

export interface ReceivedPush {
  readonly subscriptionId: string;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The decrypted payload. */
  readonly text: string;
  /** The VAPID JWT verified against the key in the Authorization header. */
  readonly vapidValid: boolean;
  readonly vapidKey: string;
}

export interface PushService {
  readonly origin: string;
  readonly host: string;
  /** The service's certificate, for an https.Agent that trusts it. */
  readonly ca: Buffer;
  readonly received: ReceivedPush[];
  /** Raw bodies as they crossed the wire (encrypted). */
  readonly rawBodies: Buffer[];
  subscribe(): TestSubscription;
  /** Answer the next n requests for a subscription with this status (e.g. 410 gone, 500). */
  answerNext(subscriptionId: string, status: number, n?: number): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPush[]>;
  close(): Promise<void>;
}

function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-push-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** RFC 8291 + RFC 8188: decrypts an aes128gcm Web Push body with the subscription's private key and auth secret. */
export function decryptPush(body: Buffer, sub: Pick<TestSubscription, 'ecdh' | 'authSecret'>): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const records = body.subarray(21 + idlen);
  if (rs < 18 || records.length > rs) throw new Error('one record expected');
  const uaPublic = sub.ecdh.getPublicKey();
  const ecdhSecret = sub.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0', 'latin1'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, sub.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0', 'latin1'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0', 'latin1'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(records.subarray(records.length - 16));
  const padded = Buffer.concat([decipher.update(records.subarray(0, records.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 and zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('bad padding delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/** Checks the VAPID JWT (ES256) against the public key "k" sent with it. */
function checkVapid(authorization: string | undefined): { valid: boolean; key: string } {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!m) return { valid: false, key: '' };
  const [header, payload, signature] = m[1]!.split('.');
  const raw = Buffer.from(m[2]!, 'base64url');
  const jwk = { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') };
  const valid = verify('sha256', Buffer.from(`${header}.${payload}`), { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, Buffer.from(signature ?? '', 'base64url'));
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { aud?: string; exp?: number; sub?: string };
  return { valid: valid && typeof claims.aud === 'string' && typeof claims.exp === 'number' && /^mailto:|^https:/.test(claims.sub ?? ''), key: m[2]! };
}

export async function startPushService(): Promise<PushService> {
  const { key, cert } = selfSigned();
  const subscriptions = new Map<string, TestSubscription>();
  const scripted = new Map<string, number[]>();
  const received: ReceivedPush[] = [];
  const rawBodies: Buffer[] = [];
  const server = https.createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = /^\/push\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '')?.[1] ?? '';
      const sub = subscriptions.get(id);
      const queue = scripted.get(id);
      if (queue && queue.length) {
        res.writeHead(queue.shift()!).end();
        return;
      }
      if (req.method !== 'POST' || !sub || req.headers['content-encoding'] !== 'aes128gcm') {
        res.writeHead(sub ? 400 : 404).end();
        return;
      }
      const body = Buffer.concat(chunks);
      rawBodies.push(body);
      const vapid = checkVapid(req.headers.authorization);
      received.push({ subscriptionId: id, headers: req.headers, text: decryptPush(body, sub), vapidValid: vapid.valid, vapidKey: vapid.key });
      res.writeHead(201, { location: `/message/${received.length}` }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `https://127.0.0.1:${port}`;
  return {
    origin,
    host: `127.0.0.1:${port}`,
    ca: cert,
    received,
    rawBodies,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const id = randomBytes(12).toString('base64url');
      const sub = { id, endpoint: `${origin}/push/${id}`, p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url'), ecdh, authSecret };
      subscriptions.set(id, sub);
      return sub;
    },
    answerNext(subscriptionId, status, n = 1) {
      scripted.set(
        subscriptionId,
        Array.from({ length: n }, () => status),
      );
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} push messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
