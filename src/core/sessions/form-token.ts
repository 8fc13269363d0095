/**
 * One-time form tokens. Each rendering of a form that creates something (a
 * report, a follow-up message) carries a fresh token: a random nonce and the
 * day, sealed under a key derived from the session key. Nothing is stored
 * when the form is shown. When the form is sent, a row derived from the
 * nonce is written in the same transaction as what it creates, so the same
 * form sent twice (reload, Back, a double click, two instances) creates one
 * thing. The row keeps the day only, never a finer time.
 *
 * For a report, the row also holds the receipt page, encrypted under a key
 * derived from the nonce. The server never keeps the nonce: only the form
 * (in the reporter's browser) and the reporter's form cookie hold it, so a
 * seized server cannot open a receipt page. The page carries its own expiry
 * inside the ciphertext (a short window), and its ciphertext is cleared when
 * the day ends; rows go the day after.
 */
import { SUBKEY_CONTEXTS, ciphertextFromBytes, decryptJson, deriveSubkey, encryptJson, randomBytes, type ContentKey } from '../../crypto/index.js';
import type { Db } from '../shared/deps.js';

const CONTEXT = 'form-token';
const PAGE_CONTEXT = 'form-token-receipt-page';

/** How long a sent report's receipt page can be shown again (reload, Back, a second send of the same form). */
export const RECEIPT_WINDOW_MS = 15 * 60 * 1000;

/** An opened token: its row id and the key of its receipt page (both derived from the nonce). */
export interface FormToken {
  readonly id: string;
  readonly day: string;
  readonly pageKey: ContentKey;
}

/** What the receipt page needs to be shown again (never stored in clear). */
export interface ReceiptPage {
  readonly receipt: string;
  readonly organisation: string;
  readonly countryCode: string;
  readonly areaId: string | null;
  readonly categories: readonly string[];
}

interface TokenBody {
  n: string;
  d: string;
}

interface PageBody extends ReceiptPage {
  /** Until when the page may be shown (milliseconds): inside the ciphertext only. */
  e: number;
}

/** Thrown inside a transaction when its form token was already used: the transaction rolls back. */
export class FormTokenUsed extends Error {
  constructor() {
    super('form token already used');
    this.name = 'FormTokenUsed';
  }
}

function sealingKey(master: Buffer): ContentKey {
  return deriveSubkey(master, SUBKEY_CONTEXTS.formToken, 1);
}

function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** A fresh token for one rendering of a form. */
export function issueFormToken(sessionKeys: readonly Buffer[], today: string): string {
  const body: TokenBody = { n: randomBytes(32).toString('base64url'), d: today };
  return encryptJson(sealingKey(sessionKeys[0]!), body, CONTEXT).toString('base64url');
}

/**
 * Opens a form's token. `none`: there is none, or it is not ours (the form is then sent without this
 * protection, as a fresh form would be). `stale`: the form was shown before yesterday, longer than a
 * used token is remembered, so it cannot be told apart from a form already sent.
 */
export function openFormToken(sessionKeys: readonly Buffer[], token: string, today: string): { kind: 'none' } | { kind: 'stale' } | { kind: 'ok'; token: FormToken } {
  if (!token || token.length > 300) return { kind: 'none' };
  const raw = Buffer.from(token, 'base64url');
  for (const master of sessionKeys) {
    let body: TokenBody;
    try {
      body = decryptJson<TokenBody>(sealingKey(master), raw, CONTEXT);
    } catch {
      continue;
    }
    const nonce = Buffer.from(String(body.n), 'base64url');
    if (nonce.length !== 32 || typeof body.d !== 'string') return { kind: 'none' };
    if (body.d < previousDay(today)) return { kind: 'stale' };
    return {
      kind: 'ok',
      token: { id: deriveSubkey(nonce, SUBKEY_CONTEXTS.formOnce, 1).toString('hex'), day: body.d, pageKey: deriveSubkey(nonce, SUBKEY_CONTEXTS.formOnce, 2) },
    };
  }
  return { kind: 'none' };
}

/** Whether a token was used and, for a report sent today within the window, its receipt page. */
export async function formTokenUse(db: Db, token: FormToken, today: string, now: number): Promise<{ used: false } | { used: true; page: ReceiptPage | null }> {
  const row = await db.selectFrom('form_tokens').select(['used_day', 'sealed']).where('id', '=', token.id).executeTakeFirst();
  if (!row) return { used: false };
  if (!row.sealed || row.used_day !== today) return { used: true, page: null };
  try {
    const page = decryptJson<PageBody>(token.pageKey, ciphertextFromBytes(Buffer.from(row.sealed)), `${PAGE_CONTEXT}:${token.id}`);
    if (typeof page.e !== 'number' || page.e < now) return { used: true, page: null };
    return { used: true, page: { receipt: page.receipt, organisation: page.organisation, countryCode: page.countryCode, areaId: page.areaId, categories: page.categories } };
  } catch {
    return { used: true, page: null };
  }
}

/** Clears receipt pages of earlier days and deletes rows older than yesterday (at each sending, and hourly by a job). */
export async function forgetExpiredFormTokens(db: Db, today: string): Promise<void> {
  await db.deleteFrom('form_tokens').where('used_day', '<', previousDay(today)).execute();
  await db.updateTable('form_tokens').set({ sealed: null }).where('used_day', '<', today).where('sealed', 'is not', null).execute();
}

/**
 * Marks a token used inside the transaction that creates what its form sends, with the receipt page
 * when there is one; throws FormTokenUsed when another sending of the same form got there first.
 * Also forgets what has expired: receipt pages of earlier days, and rows older than yesterday.
 */
export async function claimFormToken(trx: Db, token: FormToken, today: string, now: number, page: ReceiptPage | null): Promise<void> {
  await forgetExpiredFormTokens(trx, today);
  const sealed = page ? encryptJson(token.pageKey, { ...page, e: now + RECEIPT_WINDOW_MS } satisfies PageBody, `${PAGE_CONTEXT}:${token.id}`) : null;
  const result = await trx
    .insertInto('form_tokens')
    .values({ id: token.id, used_day: today, sealed })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) throw new FormTokenUsed();
}
