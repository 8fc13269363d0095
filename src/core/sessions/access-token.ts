/**
 * Follow-up access tokens. After a reporter enters their receipt, the forms on
 * their report page carry this token instead of the receipt: the report id
 * and its content keys, encrypted and authenticated (XChaCha20-Poly1305)
 * under a key derived from the session key, with an expiry. The server keeps
 * no session; the token dies with the page or after two hours.
 */
import { contentKeyFromBytes, decryptJson, deriveSubkey, encryptJson, type ContentKey } from '../../crypto/index.js';
import type { ReporterAccess } from '../reports/reports.service.js';
import { asReportId } from '../shared/ids.js';

const CONTEXT = 'reporter-access-token';
export const ACCESS_TTL_MS = 2 * 60 * 60 * 1000;

interface TokenBody {
  r: string;
  k: string;
  c: string | null;
  e: number;
}

function tokenKey(master: Buffer): ContentKey {
  return deriveSubkey(master, 'rpaccess', 1);
}

export function sealAccess(sessionKeys: readonly Buffer[], access: ReporterAccess, now: number): string {
  const body: TokenBody = {
    r: access.reportId,
    k: access.contentKey.toString('base64'),
    c: access.contactKey ? access.contactKey.toString('base64') : null,
    e: now + ACCESS_TTL_MS,
  };
  return encryptJson(tokenKey(sessionKeys[0]!), body, CONTEXT).toString('base64url');
}

export type OpenedAccess = { ok: true; access: ReporterAccess } | { ok: false; reason: 'invalid' | 'expired' };

export function openAccess(sessionKeys: readonly Buffer[], token: string, now: number): OpenedAccess {
  if (!token || token.length > 1000) return { ok: false, reason: 'invalid' };
  const raw = Buffer.from(token, 'base64url');
  for (const master of sessionKeys) {
    let body: TokenBody;
    try {
      body = decryptJson<TokenBody>(tokenKey(master), raw, CONTEXT);
    } catch {
      continue;
    }
    if (typeof body.e !== 'number' || body.e < now) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      access: {
        reportId: asReportId(body.r),
        contentKey: contentKeyFromBytes(Buffer.from(body.k, 'base64')),
        contactKey: body.c ? contentKeyFromBytes(Buffer.from(body.c, 'base64')) : null,
      },
    };
  }
  return { ok: false, reason: 'invalid' };
}
