/**
 * The one registry of key-derivation contexts: every libsodium KDF subkey
 * context (crypto_kdf, exactly 8 bytes) and every keyed-hash domain used across
 * Parasol. Two purposes must never share a context, or one key opens the
 * other's data; keeping them in one list makes that visible in review.
 * docs/crypto.md has the table.
 */

/** Subkeys of the secrets file's keys (crypto_kdf_derive_from_key, BLAKE2b): context, then subkey id. */
export const SUBKEY_CONTEXTS = {
  /** Staff recovery key -> key-encryption key (id 1). */
  recovery: 'recovery',
  /** Pepper -> backup archive key (id 1) and its key check (id 2). */
  backup: 'backup01',
  /** Pepper -> audit chain MAC key (id 1) and the audit checkpoint key (id 2). */
  auditLog: 'auditlog',
  /** Pepper -> TOTP secret sealing key (id 1). */
  totpSecret: 'totpsecr',
  /** Pepper -> warning texts. */
  warningText: 'warntext',
  /** Pepper -> members' e-mail addresses and push subscriptions. */
  memberPrivate: 'memberpi',
  /** Pepper -> the VAPID private key. */
  vapidKey: 'vapidkey',
  /** Session key -> the reporter surface's form cookie (secure-session). */
  formCookie: 'cookie01',
  /** Session key -> members' session cookie. */
  memberCookie: 'membcook',
  /** Session key -> staff trusted-device tokens (HMAC). */
  deviceToken: 'devicetk',
  /** Session key -> staff TOTP set-up cookie. */
  totpSetup: 'totpsetu',
  /** Master -> reporters' follow-up access tokens. */
  reporterAccess: 'rpaccess',
  /** Session key -> one-time form tokens (id 1). */
  formToken: 'formtokn',
  /** A form's one-time nonce -> its row id (id 1) and the key of its receipt page (id 2). */
  formOnce: 'formonce',
} as const;

/** Keyed-hash (BLAKE2b with the pepper) domains: what each blind index matches. */
export const KEYED_HASH_CONTEXTS = {
  loginThrottle: 'login-throttle',
  invitation: 'invitation',
  memberFeed: 'member-feed',
  memberInvite: 'member-invite',
  pushEndpoint: 'push-endpoint',
  identifierPhone: 'identifier/phone',
  identifierHandle: 'identifier/handle',
  receipt: 'receipt',
} as const;
