/**
 * The audit chain: each entry's hash is HMAC-SHA-256, under a key kept in the
 * secrets file, over the previous hash and a canonical encoding of the entry.
 * Keyed, so that someone who can write to the database but lacks the secrets
 * file cannot rebuild a consistent chain after changing, removing or adding a row.
 */
import { hmacSha256 } from './keyed-hash.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: keys sorted at every level, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of one entry, chained to the previous one. */
export function chainHash(key: Buffer, prevHash: string, entry: Record<string, unknown>): string {
  return hmacSha256(key, `${prevHash}\n${canonicalJson(entry)}`).toString('hex');
}
