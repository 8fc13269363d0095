/**
 * Normalising perpetrator identifiers before they are hashed, so that one
 * phone number written three ways gives one keyed hash.
 */
import { parsePhoneNumberFromString, type CountryCode as PhoneCountry } from 'libphonenumber-js';
import { keyedHash, type KeyedHash } from '../../crypto/index.js';
import type { IdentifierKind } from '../taxonomy/taxonomy.js';

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

/** The keyed hash stored for matching (guarantee 8). */
export function identifierHash(pepper: Buffer, kind: IdentifierKind, normalised: string): KeyedHash {
  return keyedHash(pepper, `identifier/${kind}`, normalised);
}
