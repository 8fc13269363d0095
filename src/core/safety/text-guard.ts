/**
 * Identifiers are never shown in clear in a warning: they only feed checks.
 * Before a warning's texts are saved, this looks for anything that is, or
 * looks like, a phone number, an e-mail address or an online handle, and for
 * any plate or handle whose keyed hash is one of the warning's or its
 * report's identifiers. A caseworker who pasted the report's description
 * gets a clear message instead of a warning that names a number.
 */
import type { KeyedHash } from '../../crypto/index.js';
import { normaliseIdentifier } from '../reports/identifiers.js';
import type { IdentifierKind } from '../taxonomy/taxonomy.js';

const EMAIL = /[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[^\s@<>()"',;]{2,}/u;
const HANDLE = /(^|[\s(["'])@[\p{L}\p{N}._]{2,}/u;
/** A run of digits with the separators people write phone numbers with. */
const PHONE_RUN = /\+?\(?\d[\d\s().\-/]{5,}\d/gu;
const DATE_LIKE = /^\d{4}[-./]\d{1,2}([-./]\d{1,2})?$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$|^\d{4}\s*[-–]\s*\d{4}$/u;

/** Computes the stored hashes of normalised identifiers (through the identifier key service). */
export type HashIdentifiers = (items: ReadonlyArray<{ kind: IdentifierKind; normalised: string }>) => Promise<readonly KeyedHash[]>;

/**
 * What kind of identifier the text holds, or null when it holds none that can
 * be seen. Candidates are hashed in one batch, and only when there are known
 * hashes to compare with; throws IdentifierServiceUnavailable when the
 * service cannot hash them (the caller refuses to save rather than guess).
 */
export async function identifierInText(text: string, countryCode: string, hash: HashIdentifiers, known: ReadonlySet<KeyedHash | string>): Promise<IdentifierKind | null> {
  const t = text.normalize('NFKC');
  if (EMAIL.test(t)) return 'email';
  if (HANDLE.test(t)) return 'handle';
  const candidates: Array<{ kind: IdentifierKind; normalised: string }> = [];
  for (const m of t.matchAll(PHONE_RUN)) {
    const candidate = m[0].trim();
    const digits = candidate.replace(/\D/g, '');
    if (digits.length < 7 || DATE_LIKE.test(candidate)) continue;
    const norm = normaliseIdentifier('phone', candidate, countryCode);
    if (!norm.ok) continue;
    if (digits.length >= 8) return 'phone';
    candidates.push({ kind: 'phone', normalised: norm.value });
  }
  // Plates and handles written without "@": compare every word, and every pair of neighbouring words ("AB12 CDE"), with the known hashes.
  const words = t.split(/[\s,;:!?()[\]{}"'«»“”]+/u).filter(Boolean);
  const tries: string[] = [...words];
  for (let i = 0; i + 1 < words.length; i++) tries.push(`${words[i]} ${words[i + 1]}`);
  for (const w of tries) {
    for (const kind of ['plate', 'handle'] as const) {
      const norm = normaliseIdentifier(kind, w.replace(/[.]+$/u, ''), countryCode);
      if (norm.ok && !candidates.some((c) => c.kind === kind && c.normalised === norm.value)) candidates.push({ kind, normalised: norm.value });
    }
  }
  if (known.size === 0 || candidates.length === 0) return null;
  const hashes = await hash(candidates);
  for (const [i, c] of candidates.entries()) if (known.has(hashes[i]!)) return c.kind;
  return null;
}
