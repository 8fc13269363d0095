/**
 * Server-side keys of community safety, each a subkey of the pepper (which
 * lives in the secrets file, never in the database): a copy of the database
 * alone opens none of what they encrypt. XChaCha20-Poly1305 envelopes from
 * the crypto layer, bound to the row and purpose by their context.
 */
import { SUBKEY_CONTEXTS, decryptJson, deriveSubkey, encryptJson, ciphertextFromBytes, type Ciphertext, type ContentKey } from '../../crypto/index.js';
import type { Secrets } from '../../infra/secrets.js';

const cache = new WeakMap<Secrets, Map<string, ContentKey>>();

function subkey(secrets: Secrets, context: string): ContentKey {
  let keys = cache.get(secrets);
  if (!keys) {
    keys = new Map();
    cache.set(secrets, keys);
  }
  let key = keys.get(context);
  if (!key) {
    key = deriveSubkey(secrets.pepper, context, 1);
    keys.set(context, key);
  }
  return key;
}

/** Purposes, each with its own 8-character subkey context. */
export const SERVER_KEYS = {
  /** Warning texts (what happened, how to recognise, modus operandi). */
  warning: SUBKEY_CONTEXTS.warningText,
  /** A member's e-mail address and push subscriptions. */
  member: SUBKEY_CONTEXTS.memberPrivate,
  /** The VAPID private key. */
  vapid: SUBKEY_CONTEXTS.vapidKey,
} as const;

export type ServerKeyPurpose = keyof typeof SERVER_KEYS;

export function sealServer(secrets: Secrets, purpose: ServerKeyPurpose, value: unknown, context: string): Ciphertext {
  return encryptJson(subkey(secrets, SERVER_KEYS[purpose]), value, context);
}

export function openServer<T>(secrets: Secrets, purpose: ServerKeyPurpose, bytes: Buffer | Uint8Array, context: string): T {
  return decryptJson<T>(subkey(secrets, SERVER_KEYS[purpose]), ciphertextFromBytes(Buffer.from(bytes)), context);
}
