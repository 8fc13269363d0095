/**
 * Normalising perpetrator identifiers before they are hashed, so that one
 * phone number written three ways gives one keyed hash; and the hash itself:
 * the OPRF (computed with the identifier key service) of the HMAC under the
 * pepper. Neither the database with the secrets file (no OPRF key) nor the
 * service (no pepper, and only blinded points) can test a guess alone.
 */
import { parsePhoneNumberFromString, type CountryCode as PhoneCountry } from 'libphonenumber-js';
import { keyedHash, type KeyedHash, type PublicKey } from '../../crypto/index.js';
import type { IdentifierKind } from '../taxonomy/taxonomy.js';
import type { ReportId } from '../shared/ids.js';

export type NormaliseResult = { ok: true; value: string } | { ok: false; reason: 'invalid' };

/** Puts an identifier into its canonical form; `defaultCountry` is used for phone numbers without a country code. */
export function normaliseIdentifier(kind: IdentifierKind, raw: string, defaultCountry?: string): NormaliseResult {
  const v = raw.normalize('NFKC').trim();
  if (!v) return { ok: false, reason: 'invalid' };
  switch (kind) {
    case 'phone': {
      const country = defaultCountry && /^[A-Z]{2}$/.test(defaultCountry) && defaultCountry !== 'XK' ? (defaultCountry as PhoneCountry) : undefined;
      const parsed = parsePhoneNumberFromString(v, country ? { defaultCountry: country } : undefined);
      // isPossible, not isValid: reserved and newly issued ranges are still real identifiers to match.
      if (!parsed || !parsed.isPossible()) return { ok: false, reason: 'invalid' };
      return { ok: true, value: parsed.number };
    }
    case 'email': {
      const lower = v.toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(lower)) return { ok: false, reason: 'invalid' };
      return { ok: true, value: lower };
    }
    case 'plate': {
      const plate = v.toUpperCase().replace(/[\s\-.·]/gu, '');
      if (!/^[\p{L}\p{N}]{2,12}$/u.test(plate)) return { ok: false, reason: 'invalid' };
      return { ok: true, value: plate };
    }
    case 'handle': {
      const handle = v.replace(/^@+/, '').toLowerCase();
      if (handle.length < 2 || handle.length > 100 || /\s/u.test(handle)) return { ok: false, reason: 'invalid' };
      return { ok: true, value: handle };
    }
  }
}

/**
 * The first, local half of an identifier's hash: HMAC-SHA-256 under the pepper
 * (what installations stored before the identifier service). Never stored on
 * its own again: it is the OPRF's input.
 */
export function identifierPrehash(pepper: Buffer, kind: IdentifierKind, normalised: string): Buffer {
  return Buffer.from(keyedHash(pepper, `identifier/${kind}`, normalised), 'hex');
}

/** The stored form of an OPRF output (128 hex digits; the old HMAC values had 64). */
export function oprfHashHex(output: Buffer): KeyedHash {
  return output.toString('hex') as KeyedHash;
}

/** Raised when the identifier key service cannot evaluate (down, over its limit, or answering wrongly). */
export class IdentifierServiceUnavailable extends Error {
  constructor(readonly reason: 'down' | 'limited' | 'refused' | 'malformed') {
    super(`identifier service unavailable (${reason})`);
    this.name = 'IdentifierServiceUnavailable';
  }
}

/** The identifier key service, as the core sees it. */
export interface IdentifierKeys {
  /** F(k, input) for each input (blinded on the way, unblinded on return); throws IdentifierServiceUnavailable. */
  evaluate(inputs: readonly Buffer[]): Promise<Buffer[]>;
  /** The service's X25519 public key, for sealing identifiers while it is down (the last one seen, or null). */
  servicePublicKey(): Promise<PublicKey | null>;
  /** Evaluates values that were sealed to the service; null for one it could not open. */
  evaluateSealed(items: ReadonlyArray<{ context: string; sealed: Buffer }>): Promise<Array<Buffer | null>>;
  close?(): void;
}

/** The keyed hashes stored for matching (guarantee 8): OPRF(HMAC(pepper, identifier)); throws IdentifierServiceUnavailable. */
export async function identifierHashes(
  deps: { readonly secrets: { readonly pepper: Buffer }; readonly identifierKeys: IdentifierKeys },
  items: ReadonlyArray<{ kind: IdentifierKind; normalised: string }>,
): Promise<KeyedHash[]> {
  if (items.length === 0) return [];
  const outputs = await deps.identifierKeys.evaluate(items.map((i) => identifierPrehash(deps.secrets.pepper, i.kind, i.normalised)));
  return outputs.map(oprfHashHex);
}

/** One identifier's hash (see identifierHashes). */
export async function identifierHash(deps: { readonly secrets: { readonly pepper: Buffer }; readonly identifierKeys: IdentifierKeys }, kind: IdentifierKind, normalised: string): Promise<KeyedHash> {
  return (await identifierHashes(deps, [{ kind, normalised }]))[0]!;
}

/** What the sealed keyed hash of a pending identifier is bound to: its report and kind. */
export function pendingContext(reportId: ReportId, kind: string): string {
  return `${reportId}/${kind}`;
}
