/**
 * The identifier check: a logged-in member enters a phone number, e-mail
 * address, number plate or online handle; the server normalises it, computes
 * the keyed hash (with the identifier key service) and returns the active warnings that carry it. Each check is
 * counted against the member's daily limit (member, day, count) and in the
 * organisation's daily count of checks (organisation, day, count). That is
 * all that is kept: no row links a member to an identifier, its hash, a
 * result or a time finer than the day, and there is no audit entry per check
 * (the audit log's times are to the millisecond and its entries are in
 * order, so an entry per check would time each member's check).
 *
 * Counting is committed before the answer is sent, and cheap under load:
 * checks that arrive within a moment of each other are committed together in
 * one transaction (group commit), so fifty members checking at once cost one
 * commit, not fifty. The commit survives a crash or kill of Parasol but does
 * not wait for the disk (db/relaxed-commit.ts): a power cut may forget the
 * last moment of counts, letting a member make a few more checks that day.
 */
import { sql, type Kysely } from 'kysely';
import { relaxedCommitTransaction } from '../../db/relaxed-commit.js';
import type { Database } from '../../db/schema.js';
import type { KeyedHash } from '../../crypto/index.js';
import { IdentifierServiceUnavailable, identifierHash, normaliseIdentifier } from '../reports/identifiers.js';
import { dayOf, type CoreDeps } from '../shared/deps.js';
import type { IdentifierKind } from '../taxonomy/taxonomy.js';
import { warningsWithHash, type Viewer } from './reading.service.js';
import { safetySettings } from './settings.js';
import type { Warning } from './warnings.service.js';
import type { MemberId, OrganisationId } from '../shared/ids.js';

export type CheckResult =
  | { readonly kind: 'invalid' }
  | { readonly kind: 'limited'; readonly limit: number }
  /** The identifier service is down or over its own limit: nothing checked, nothing counted. */
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'checked'; readonly normalised: string; readonly warnings: readonly Warning[]; readonly left: number };

interface PendingCheck {
  readonly memberId: MemberId;
  readonly organisationId: OrganisationId;
  readonly day: string;
  resolve(count: number): void;
  reject(err: unknown): void;
}

/** Most checks committed in one transaction. */
const MAX_BATCH = 200;
/** A batch this large is committed at once, without waiting for the window. */
const FULL_BATCH = 64;
/**
 * How long the first check of a batch waits for others to join it. Even
 * without waiting for the disk, a transaction costs its own statements and
 * (on PostgreSQL) round trips, and on SQLite it holds the one connection;
 * waiting a moment lets the checks of fifty members share one.
 */
const BATCH_WINDOW_MS = 2;

/** Writes check counts in batches, one transaction per batch, one batch at a time per database. */
class CheckLedger {
  private queue: PendingCheck[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: Pick<CoreDeps, 'db'>) {}

  /** Counts the check; resolves once committed, with the member's count for the day (over the limit: refused). */
  record(check: Omit<PendingCheck, 'resolve' | 'reject'>): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...check, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing || this.queue.length === 0) return;
    if (this.queue.length >= FULL_BATCH) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.flushing = true;
      setImmediate(() => void this.flush());
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flushing = true;
        void this.flush();
      }, BATCH_WINDOW_MS);
    }
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      const counts = await this.commit(batch);
      batch.forEach((c, i) => c.resolve(counts[i]!));
    } catch (err) {
      for (const c of batch) c.reject(err);
    } finally {
      this.flushing = false;
      this.schedule();
    }
  }

  private async commit(batch: readonly PendingCheck[]): Promise<number[]> {
    const { db } = this.deps;
    return relaxedCommitTransaction(db, async (trx) => {
      // One atomic increment per member and day for the whole batch (a second instance counting for the same
      // member cannot lose an increment); each check's own count follows from its place in the batch.
      const groups = new Map<string, number[]>();
      batch.forEach((c, i) => {
        const key = `${c.memberId}/${c.day}`;
        groups.set(key, [...(groups.get(key) ?? []), i]);
      });
      const counts: number[] = new Array<number>(batch.length);
      for (const indexes of groups.values()) {
        const first = batch[indexes[0]!]!;
        const n = indexes.length;
        const row = await trx
          .insertInto('member_check_counts')
          .values({ member_id: first.memberId, day: first.day, count: n })
          .onConflict((oc) => oc.columns(['member_id', 'day']).doUpdateSet({ count: sql<number>`member_check_counts.count + ${n}` }))
          .returning('count')
          .executeTakeFirstOrThrow();
        const total = Number(row.count);
        indexes.forEach((index, k) => (counts[index] = total - n + k + 1));
      }
      // The organisation's count for the day: how many checks, nothing about who made them or what they found.
      const byOrganisation = new Map<string, { day: string; n: number }>();
      for (const c of batch) {
        const key = `${c.organisationId}/${c.day}`;
        byOrganisation.set(key, { day: c.day, n: (byOrganisation.get(key)?.n ?? 0) + 1 });
      }
      for (const [key, { day, n }] of byOrganisation) {
        await trx
          .insertInto('identifier_check_days')
          .values({ organisation_id: key.slice(0, key.lastIndexOf('/')) as OrganisationId, day, count: n })
          .onConflict((oc) => oc.columns(['organisation_id', 'day']).doUpdateSet({ count: sql<number>`identifier_check_days.count + ${n}` }))
          .execute();
      }
      return counts;
    });
  }
}

const ledgers = new WeakMap<Kysely<Database>, CheckLedger>();

function ledgerFor(deps: Pick<CoreDeps, 'db'>): CheckLedger {
  let l = ledgers.get(deps.db);
  if (!l) {
    l = new CheckLedger(deps);
    ledgers.set(deps.db, l);
  }
  return l;
}

/** How many checks the member has made today. */
export async function checksToday(deps: Pick<CoreDeps, 'db' | 'clock'>, memberId: MemberId): Promise<number> {
  const row = await deps.db.selectFrom('member_check_counts').select('count').where('member_id', '=', memberId).where('day', '=', dayOf(deps.clock)).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Checks an identifier for a member. `defaultCountry` is used for phone
 * numbers written without a country code (the country of the member's area).
 * An identifier that cannot be read is not counted; the warnings found are
 * only returned once the check is counted and within the limit. Whether or
 * not the hash is on any warning (visible or not), the same queries run and
 * the same rows are written: only what the member is shown differs.
 */
export async function checkIdentifier(
  deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock' | 'identifierKeys'>,
  viewer: Viewer,
  kind: IdentifierKind,
  raw: string,
  defaultCountry: string | undefined,
): Promise<CheckResult> {
  const norm = normaliseIdentifier(kind, raw.slice(0, 300), defaultCountry);
  if (!norm.ok) return { kind: 'invalid' };
  let hash: KeyedHash;
  try {
    hash = await identifierHash(deps, kind, norm.value);
  } catch (err) {
    // Fail closed: no fallback to the pepper-only hash, which a seized server could reverse.
    if (err instanceof IdentifierServiceUnavailable) return { kind: 'unavailable' };
    throw err;
  }
  const [settings, warnings] = await Promise.all([safetySettings(deps.db, viewer.organisationId), warningsWithHash(deps, viewer, hash)]);
  const count = await ledgerFor(deps).record({ memberId: viewer.memberId, organisationId: viewer.organisationId, day: dayOf(deps.clock) });
  if (count > settings.checksPerDay) return { kind: 'limited', limit: settings.checksPerDay };
  return { kind: 'checked', normalised: norm.value, warnings, left: settings.checksPerDay - count };
}

/** Forgets daily counts older than yesterday (housekeeping). */
export async function pruneCheckCounts(deps: Pick<CoreDeps, 'db' | 'clock'>): Promise<void> {
  const yesterday = new Date(deps.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
  await deps.db.deleteFrom('member_check_counts').where('day', '<', yesterday).execute();
}
