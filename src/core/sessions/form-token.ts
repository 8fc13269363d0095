/**
 * One-time form tokens. Each rendering of a form that creates something (a
 * report, a follow-up message or addition) carries a fresh token: a random
 * nonce and the day, sealed under a key derived from the session key.
 * Nothing is stored when the form is shown. When the form is sent, a row
 * derived from the nonce and the action (report, message, addition) is
 * written in the same transaction as what it creates, so the same form sent
 * twice for the same action (reload, Back, a double click, two instances)
 * creates one thing, while the other button of the same form still works.
 * The row keeps the id and the day only, never a finer time, and never
 * anything of the report.
 *
 * A sent report's receipt page lives only in memory (infra/receipt-pages.ts:
 * Redis without persistence, or this process), for a few minutes, encrypted
 * under a key derived from the nonce, with a keyed digest of what the form
 * sent (so that a changed second sending is told apart from a reload). The
 * server never keeps the nonce: only the form and a cookie of a few minutes
 * hold it. The database, its WAL, backups and the secrets file hold no
 * receipt page at all.
 */
import { SUBKEY_CONTEXTS, decryptJson, deriveSubkey, encryptJson, hmacSha256, randomBytes, timingSafeEqual, type ContentKey } from '../../crypto/index.js';
import type { ReceiptPageStore } from '../../infra/receipt-pages.js';
import type { Db } from '../shared/deps.js';
import type { Cleaning } from '../attachments/attachments.clean.js';

const CONTEXT = 'form-token';
const PAGE_CONTEXT = 'form-token-receipt-page';

/** How long a sent report's receipt page can be shown again (Back, a second send of the same form). */
export const RECEIPT_WINDOW_MS = 15 * 60 * 1000;

/** What a form sends: each action of one form has its own used mark. */
export type FormAction = 'report' | 'message' | 'addition';

/** Subkey ids of the row id per action (report and message keep 1, as before actions had their own). */
const ACTION_ID: Record<FormAction, number> = { report: 1, message: 1, addition: 4 };
const PAGE_KEY_ID = 2;
const DIGEST_KEY_ID = 3;

/** An opened token: its row id for one action, and the keys of its receipt page and digest (all derived from the nonce). */
export interface FormToken {
  readonly id: string;
  readonly day: string;
  readonly pageKey: ContentKey;
  readonly digestKey: ContentKey;
}

/** What the receipt page needs to be shown again (never stored in clear, never on disk). */
export interface ReceiptPage {
  readonly receipt: string;
  readonly organisation: string;
  readonly countryCode: string;
  readonly areaId: string | null;
  readonly categories: readonly string[];
  /** The files sent with the report, each with what was removed from it (names stay only in this page, in memory). */
  readonly files?: ReadonlyArray<{ readonly name: string; readonly cleaning: Cleaning }>;
}

interface TokenBody {
  n: string;
  d: string;
}

interface PageBody extends ReceiptPage {
  /** The keyed digest of what the form sent (hex). */
  s: string;
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
 * Opens a form's token for one action. `none`: there is none, or it is not ours (the form is then sent
 * without this protection, as a fresh form would be). `stale`: the form was shown before yesterday, longer
 * than a used token is remembered, so it cannot be told apart from a form already sent.
 */
export function openFormToken(sessionKeys: readonly Buffer[], token: string, today: string, action: FormAction): { kind: 'none' } | { kind: 'stale' } | { kind: 'ok'; token: FormToken } {
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
      token: {
        id: deriveSubkey(nonce, SUBKEY_CONTEXTS.formOnce, ACTION_ID[action]).toString('hex'),
        day: body.d,
        pageKey: deriveSubkey(nonce, SUBKEY_CONTEXTS.formOnce, PAGE_KEY_ID),
        digestKey: deriveSubkey(nonce, SUBKEY_CONTEXTS.formOnce, DIGEST_KEY_ID),
      },
    };
  }
  return { kind: 'none' };
}

/** Whether a token was already used for its action. */
export async function formTokenUsed(db: Db, token: FormToken): Promise<boolean> {
  const row = await db.selectFrom('form_tokens').select('id').where('id', '=', token.id).executeTakeFirst();
  return row !== undefined;
}

/** Deletes used marks older than yesterday (at each sending, and hourly by a job). */
export async function forgetExpiredFormTokens(db: Db, today: string): Promise<void> {
  await db.deleteFrom('form_tokens').where('used_day', '<', previousDay(today)).execute();
}

/**
 * Marks a token used inside the transaction that creates what its form sends; throws FormTokenUsed when
 * another sending of the same form and action got there first. Also forgets marks older than yesterday.
 */
export async function claimFormToken(trx: Db, token: FormToken, today: string): Promise<void> {
  await forgetExpiredFormTokens(trx, today);
  const result = await trx
    .insertInto('form_tokens')
    .values({ id: token.id, used_day: today })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) throw new FormTokenUsed();
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A keyed digest of what a form sent (under a key only the form's nonce gives): equal for the same choices and text. */
export function submissionDigest(token: FormToken, values: unknown): string {
  return hmacSha256(token.digestKey, JSON.stringify(canonical(values))).toString('hex');
}

/** Keeps a sent report's receipt page in memory for a few minutes, with the digest of what was sent. */
export async function keepReceiptPage(store: ReceiptPageStore, token: FormToken, page: ReceiptPage, digest: string): Promise<void> {
  const body: PageBody = {
    receipt: page.receipt,
    organisation: page.organisation,
    countryCode: page.countryCode,
    areaId: page.areaId,
    categories: [...page.categories],
    files: [...(page.files ?? [])],
    s: digest,
  };
  await store.put(token.id, encryptJson(token.pageKey, body, `${PAGE_CONTEXT}:${token.id}`), RECEIPT_WINDOW_MS);
}

/** The receipt page kept for a token, and whether `digest` matches what was sent with it; null when it is gone. */
export async function receiptPageOf(store: ReceiptPageStore, token: FormToken, digest?: string): Promise<{ page: ReceiptPage; same: boolean } | null> {
  const sealed = await store.get(token.id);
  if (!sealed) return null;
  try {
    const body = decryptJson<PageBody>(token.pageKey, sealed, `${PAGE_CONTEXT}:${token.id}`);
    const page: ReceiptPage = { receipt: body.receipt, organisation: body.organisation, countryCode: body.countryCode, areaId: body.areaId, categories: body.categories, files: body.files ?? [] };
    return { page, same: digest === undefined || timingSafeEqual(body.s, digest) };
  } catch {
    return null;
  }
}
