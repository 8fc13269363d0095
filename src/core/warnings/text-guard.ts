/**
 * Identifiers are never shown in clear in a warning: they only feed checks.
 * Before a warning's texts are saved, this looks for anything that is, or
 * looks like, a phone number, an e-mail address or an online handle, and for
 * any plate or handle whose keyed hash is one of the warning's or its
 * report's identifiers. A caseworker who pasted the report's description
 * gets a clear message instead of a warning that names a number.
 */
import type { KeyedHash } from '../../crypto/index.js';
import { identifierHash, normaliseIdentifier } from '../reports/identifiers.js';
import type { IdentifierKind } from '../taxonomy/taxonomy.js';

const EMAIL = /[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[^\s@<>()"',;]{2,}/u;
const HANDLE = /(^|[\s(["'])@[\p{L}\p{N}._]{2,}/u;
/** A run of digits with the separators people write phone numbers with. */
const PHONE_RUN = /\+?\(?\d[\d\s().\-/]{5,}\d/gu;
const DATE_LIKE = /^\d{4}[-./]\d{1,2}([-./]\d{1,2})?$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$|^\d{4}\s*[-–]\s*\d{4}$/u;

/** What kind of identifier the text holds, or null when it holds none that can be seen. */
export function identifierInText(text: string, countryCode: string, pepper: Buffer, known: ReadonlySet<KeyedHash | string>): IdentifierKind | null {
  const t = text.normalize('NFKC');
  if (EMAIL.test(t)) return 'email';
  if (HANDLE.test(t)) return 'handle';
  for (const m of t.matchAll(PHONE_RUN)) {
    const candidate = m[0].trim();
    const digits = candidate.replace(/\D/g, '');
    if (digits.length < 7 || DATE_LIKE.test(candidate)) continue;
    const norm = normaliseIdentifier('phone', candidate, countryCode);
    if (norm.ok && (digits.length >= 8 || known.has(identifierHash(pepper, 'phone', norm.value)))) return 'phone';
  }
  // Plates and handles written without "@": compare every word, and every pair of neighbouring words ("AB12 CDE"), with the known hashes.
  const words = t.split(/[\s,;:!?()[\]{}"'«»“”]+/u).filter(Boolean);
  const tries: string[] = [...words];
  for (let i = 0; i + 1 < words.length; i++) tries.push(`${words[i]} ${words[i + 1]}`);
  for (const w of tries) {
    for (const kind of ['plate', 'handle'] as const) {
      const norm = normaliseIdentifier(kind, w.replace(/[.]+$/u, ''), countryCode);
      if (norm.ok && known.has(identifierHash(pepper, kind, norm.value))) return kind;
    }
  }
  return null;
}
