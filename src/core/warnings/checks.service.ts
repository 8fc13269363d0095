/**
 * The identifier check: a logged-in member enters a phone number, e-mail
 * address, number plate or online handle; the server normalises it, computes
 * the keyed hash and returns the active warnings that carry it. Each check is
 * counted against the member's daily limit and audit-logged with its kind
 * and outcome, never the identifier.
 *
 * Counting and logging are durable before the answer is sent, and cheap
 * under load: checks that arrive while a write is in progress are committed
 * together in the next transaction (group commit), so fifty members checking
 * at once cost one commit, not fifty, and the hash chain stays one chain.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { appendAudit } from '../audit/audit.service.js';
import { identifierHash, normaliseIdentifier } from '../reports/identifiers.js';
import { dayOf, type CoreDeps } from '../shared/deps.js';
import type { IdentifierKind } from '../taxonomy/taxonomy.js';
import { warningsWithHash, type Viewer } from './reading.service.js';
import { safetySettings } from './settings.js';
import type { Warning } from './warnings.service.js';

export type CheckResult =
  | { readonly kind: 'invalid' }
  | { readonly kind: 'limited'; readonly limit: number }
  | { readonly kind: 'checked'; readonly normalised: string; readonly warnings: readonly Warning[] };

interface PendingCheck {
  readonly memberId: string;
  readonly organisationId: string;
  readonly kind: IdentifierKind;
  readonly found: number;
  readonly day: string;
  readonly limit: number;
  resolve(allowed: boolean): void;
  reject(err: unknown): void;
}

/** Most checks committed in one transaction. */
const MAX_BATCH = 200;

/** Writes check counts and audit entries in batches, one transaction per batch, one batch at a time per database. */
class CheckLedger {
  private queue: PendingCheck[] = [];
  private flushing = false;

  constructor(private readonly deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>) {}

  /** Counts the check and logs it; resolves once committed, with whether it was within the limit. */
  record(check: Omit<PendingCheck, 'resolve' | 'reject'>): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...check, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let checks that arrived in the same turn of the event loop join the first batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const verdicts = await this.commit(batch);
          batch.forEach((c, i) => c.resolve(verdicts[i]!));
        } catch (err) {
          for (const c of batch) c.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commit(batch: readonly PendingCheck[]): Promise<boolean[]> {
    const { db, secrets, clock } = this.deps;
    return db.transaction().execute(async (trx) => {
      const verdicts: boolean[] = [];
      for (const c of batch) {
        // One atomic statement per check on both dialects: a second instance counting for the same member cannot lose an increment.
        const row = await trx
          .insertInto('member_check_counts')
          .values({ member_id: c.memberId, day: c.day, count: 1 })
          .onConflict((oc) => oc.columns(['member_id', 'day']).doUpdateSet({ count: sql<number>`member_check_counts.count + 1` }))
          .returning('count')
          .executeTakeFirstOrThrow();
        const allowed = Number(row.count) <= c.limit;
        verdicts.push(allowed);
        await appendAudit(trx, secrets, clock, {
          organisationId: c.organisationId,
          actorUserId: null,
          action: 'identifier_check',
          subjectType: 'member',
          subjectId: c.memberId,
          detail: allowed ? { kind: c.kind, matches: c.found } : { kind: c.kind, refused: true },
        });
      }
      return verdicts;
    });
  }
}

const ledgers = new WeakMap<Kysely<Database>, CheckLedger>();

function ledgerFor(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>): CheckLedger {
  let l = ledgers.get(deps.db);
  if (!l) {
    l = new CheckLedger(deps);
    ledgers.set(deps.db, l);
  }
  return l;
}

/** How many checks the member has made today. */
export async function checksToday(deps: Pick<CoreDeps, 'db' | 'clock'>, memberId: string): Promise<number> {
  const row = await deps.db.selectFrom('member_check_counts').select('count').where('member_id', '=', memberId).where('day', '=', dayOf(deps.clock)).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Checks an identifier for a member. `defaultCountry` is used for phone
 * numbers written without a country code (the country of the member's area).
 * An identifier that cannot be read is not counted; the warnings found are
 * only returned once the check is counted, logged and within the limit.
 */
export async function checkIdentifier(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, viewer: Viewer, kind: IdentifierKind, raw: string, defaultCountry: string | undefined): Promise<CheckResult> {
  const norm = normaliseIdentifier(kind, raw.slice(0, 300), defaultCountry);
  if (!norm.ok) return { kind: 'invalid' };
  const hash = identifierHash(deps.secrets.pepper, kind, norm.value);
  const [settings, warnings] = await Promise.all([safetySettings(deps.db, viewer.organisationId), warningsWithHash(deps, viewer, hash)]);
  const allowed = await ledgerFor(deps).record({ memberId: viewer.memberId, organisationId: viewer.organisationId, kind, found: warnings.length, day: dayOf(deps.clock), limit: settings.checksPerDay });
  if (!allowed) return { kind: 'limited', limit: settings.checksPerDay };
  return { kind: 'checked', normalised: norm.value, warnings };
}

/** Forgets daily counts older than yesterday (housekeeping). */
export async function pruneCheckCounts(deps: Pick<CoreDeps, 'db' | 'clock'>): Promise<void> {
  const yesterday = new Date(deps.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
  await deps.db.deleteFrom('member_check_counts').where('day', '<', yesterday).execute();
}
