/**
 * The secrets file: the pepper for keyed hashes, the installation salt for
 * receipt derivation, and the keys for session cookies and access tokens. It
 * lives outside the database (mode 0600) so that a copy of the database alone
 * cannot be used to test guesses of receipts or identifiers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MASTER_KEY_BYTES, SALT_BYTES, randomBytes } from '../crypto/index.js';

export interface Secrets {
  /** Key for HMAC-SHA-256 of receipts and identifiers. */
  readonly pepper: Buffer;
  /** Argon2id salt shared by all receipts of this installation. */
  readonly installationSalt: Buffer;
  /** Master keys for cookies and tokens, newest first (older ones still open old cookies). */
  readonly sessionKeys: readonly Buffer[];
}

interface SecretsFileV1 {
  version: 1;
  pepper: string;
  installationSalt: string;
  sessionKeys: string[];
}

/** Makes a fresh set of secrets. */
export function generateSecrets(): Secrets {
  return {
    pepper: randomBytes(32),
    installationSalt: randomBytes(SALT_BYTES),
    sessionKeys: [randomBytes(MASTER_KEY_BYTES)],
  };
}

/** Writes secrets to a new file with mode 0600; refuses to overwrite an existing file. */
export function writeSecretsFile(file: string, secrets: Secrets): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const body: SecretsFileV1 = {
    version: 1,
    pepper: secrets.pepper.toString('base64'),
    installationSalt: secrets.installationSalt.toString('base64'),
    sessionKeys: secrets.sessionKeys.map((k) => k.toString('base64')),
  };
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(body, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export class SecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsError';
  }
}

function decode(value: unknown, bytes: number, name: string): Buffer {
  if (typeof value !== 'string') throw new SecretsError(`secrets file: ${name} is missing`);
  const b = Buffer.from(value, 'base64');
  if (b.length !== bytes) throw new SecretsError(`secrets file: ${name} must be ${bytes} bytes`);
  return b;
}

/** Reads and checks the secrets file. */
export function readSecretsFile(file: string): Secrets {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new SecretsError(`there is no secrets file at ${file} (PARASOL_SECRETS_FILE): run "parasol init" to set Parasol up, or restore this installation's secrets.json there`);
    if (code === 'EISDIR') throw new SecretsError(`the secrets file ${file} (PARASOL_SECRETS_FILE) is a folder: point PARASOL_SECRETS_FILE at this installation's secrets.json`);
    throw new SecretsError(
      `the secrets file ${file} (PARASOL_SECRETS_FILE) exists but cannot be read (${code ?? 'unknown error'}): make it readable by the user Parasol runs as (chown it to that user, chmod 600)`,
    );
  }
  const st = fs.statSync(file);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new SecretsError(`the secrets file ${file} is readable by others (mode 0${(st.mode & 0o777).toString(8)}): run "chmod 600 ${file}"`);
  }
  let parsed: Partial<SecretsFileV1>;
  try {
    parsed = JSON.parse(raw) as Partial<SecretsFileV1>;
  } catch {
    throw new SecretsError(`the secrets file ${file} is not valid JSON (damaged or edited): restore it from your copy of secrets.json`);
  }
  if (parsed.version !== 1) throw new SecretsError('secrets file: unknown version');
  if (!Array.isArray(parsed.sessionKeys) || parsed.sessionKeys.length === 0) throw new SecretsError('secrets file: no session keys');
  return {
    pepper: decode(parsed.pepper, 32, 'pepper'),
    installationSalt: decode(parsed.installationSalt, SALT_BYTES, 'installationSalt'),
    sessionKeys: parsed.sessionKeys.map((k, i) => decode(k, MASTER_KEY_BYTES, `sessionKeys[${i}]`)),
  };
}
