/**
 * Delivery of new warnings to the members who asked: by e-mail (nodemailer
 * through the operator's SMTP server) and by Web Push (web-push, VAPID,
 * aes128gcm). A durable job over the warning_deliveries queue:
 *
 * - rows are made when a warning is approved, one per member, channel and
 *   device, under a unique key, so the same warning is never queued twice;
 * - an instance claims a row with a conditional update (a lease with an
 *   owner and an end), so two instances never send the same row at once;
 * - a failure is retried with growing pauses, up to a limit; a push
 *   subscription that the push service says is gone is deleted;
 * - a row whose warning was withdrawn or expired meanwhile is cancelled.
 *
 * A crash between sending and marking sent can repeat one message after the
 * lease ends; the e-mail's Message-ID and the push Topic are stable per
 * warning and member, so mail clients and push services fold such a repeat.
 * Messages carry the warning's redacted texts only, never an identifier.
 */
import { createHash } from 'node:crypto';
import type https from 'node:https';
import { smtpTransport } from '../../infra/smtp.js';
import { generateVapidKeys, webPushSender, type PushOutcome, type PushSender, type PushSubscriptionData, type VapidKeys } from '../../infra/web-push.js';
import { keyedHash, randomId } from '../../crypto/index.js';
import { memberEmail } from './members.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { errorCode } from '../shared/error-codes.js';
import type { DeliveryContext } from '../shared/job.js';
import { placeLabel, translatorFor, warningText, warningTitle } from './compose.js';
import { openServer, sealServer } from './server-keys.js';
import { toWarning } from './warnings.service.js';
import type { MemberId, WarningId } from '../shared/ids.js';

// ---------------------------------------------------------------- transports

export { webPushSender, type PushOutcome, type PushSender, type PushSubscriptionData, type VapidKeys };

/** Sends one e-mail. */
export interface WarningMailer {
  send(message: { to: string; subject: string; text: string; messageId: string; lang: string }): Promise<void>;
  close(): void;
}

/** What the delivery job needs besides the database; tests give a local SMTP server and a local HTTPS push service. */
export interface DeliveryOptions {
  /** The operator's SMTP server; null: e-mail deliveries wait (and are retried) until one is configured. */
  readonly mailer: WarningMailer | null;
  readonly push: PushSender | null;
  /** Hosts (or "host:port") that push subscriptions may point at, besides the browsers' own push services. */
  readonly extraPushHosts: readonly string[];
}

/** The push services of the browsers that support Web Push; a subscription elsewhere is refused (no requests to arbitrary hosts). */
export const PUSH_SERVICE_SUFFIXES = ['fcm.googleapis.com', 'android.googleapis.com', 'push.services.mozilla.com', 'notify.windows.com', 'push.apple.com'] as const;

/** Null when the endpoint is an https URL of a known push service (or an allowed extra host); otherwise why not. */
export function pushEndpointProblem(endpoint: string, extraHosts: readonly string[] = []): 'invalid' | 'host' | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' || url.username || url.password || endpoint.length > 2000) return 'invalid';
  const host = url.hostname.toLowerCase();
  if (extraHosts.includes(url.host.toLowerCase()) || extraHosts.includes(host)) return null;
  return PUSH_SERVICE_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`)) ? null : 'host';
}

/** An SMTP mailer with timeouts shorter than a delivery lease. */
export function smtpWarningMailer(url: string, from: string): WarningMailer {
  const transport = smtpTransport(url, { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 30_000 });
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId, headers: { 'Content-Language': m.lang, 'Auto-Submitted': 'auto-generated' } });
    },
    close() {
      transport.close();
    },
  };
}

const vapidCache = new WeakMap<object, Promise<VapidKeys>>();

/**
 * The installation's VAPID keys, made on first use and stored with the
 * private key encrypted under a subkey of the pepper. Two instances making
 * them at once: one insert wins, both then use the stored pair.
 */
export function vapidKeys(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>): Promise<VapidKeys> {
  let p = vapidCache.get(deps.db);
  if (!p) {
    p = loadVapid(deps).catch((err) => {
      vapidCache.delete(deps.db);
      throw err;
    });
    vapidCache.set(deps.db, p);
  }
  return p;
}

async function loadVapid(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>): Promise<VapidKeys> {
  const read = async () => {
    const row = await deps.db.selectFrom('vapid_keys').selectAll().where('id', '=', 1).executeTakeFirst();
    return row ? { publicKey: row.public_key, privateKey: openServer<{ key: string }>(deps.secrets, 'vapid', row.private_key, 'vapid:1').key } : null;
  };
  const existing = await read();
  if (existing) return existing;
  const fresh = await generateVapidKeys();
  await deps.db
    .insertInto('vapid_keys')
    .values({ id: 1, public_key: fresh.publicKey, private_key: sealServer(deps.secrets, 'vapid', { key: fresh.privateKey }, 'vapid:1'), created_day: dayOf(deps.clock) })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return (await read())!;
}

/** The VAPID subject: the operator's sender address as a mailto: URL. */
export function vapidSubject(mailFrom: string): string {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(mailFrom) ?? /([^\s<>]+@[^\s<>]+)/.exec(mailFrom);
  return `mailto:${m?.[1] ?? 'parasol@localhost'}`;
}

// ---------------------------------------------------------------- push subscriptions

const subContext = (id: string) => `push:${id}`;

/** Stores (or refreshes) a browser's push subscription for a member. */
export async function savePushSubscription(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, memberId: MemberId, sub: PushSubscriptionData): Promise<void> {
  const endpointHash = keyedHash(deps.secrets.pepper, 'push-endpoint', sub.endpoint);
  await deps.db.transaction().execute(async (trx) => {
    // One browser, one row: a re-subscription replaces the old keys, whoever held them.
    await trx.deleteFrom('push_subscriptions').where('endpoint_hash', '=', endpointHash).execute();
    const id = randomId();
    await trx
      .insertInto('push_subscriptions')
      .values({ id, member_id: memberId, endpoint_hash: endpointHash, body: sealServer(deps.secrets, 'member', sub, subContext(id)), created_day: dayOf(deps.clock) })
      .execute();
  });
}

export async function pushSubscriptionCount(db: Db, memberId: MemberId): Promise<number> {
  const row = await db
    .selectFrom('push_subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Removes one browser's subscription (by endpoint) or, without one, all of the member's. */
export async function removePushSubscriptions(deps: Pick<CoreDeps, 'db' | 'secrets'>, memberId: MemberId, endpoint?: string): Promise<void> {
  let q = deps.db.deleteFrom('push_subscriptions').where('member_id', '=', memberId);
  if (endpoint) q = q.where('endpoint_hash', '=', keyedHash(deps.secrets.pepper, 'push-endpoint', endpoint));
  await q.execute();
}

// ---------------------------------------------------------------- the job

export const DELIVERY = {
  batch: 25,
  maxAttempts: 8,
  leaseMs: 5 * 60_000,
  /** First retry after a minute, doubling, at most six hours apart. */
  backoffMs: (attempt: number) => Math.min(6 * 3_600_000, 60_000 * 2 ** Math.max(0, attempt - 1)),
  pushTtlSeconds: 24 * 3600,
} as const;

/** This process, as a lease owner. */
export const INSTANCE_ID = randomId();

export interface DeliveryRun {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
  readonly cancelled: number;
}

/** A topic stable per warning and member (push services keep only the newest message per topic). */
function topicFor(warningId: WarningId, memberId: MemberId): string {
  return createHash('sha256').update(`${warningId}/${memberId}`).digest('base64url').slice(0, 32);
}

/**
 * Claims due deliveries and sends them. Safe to run in every instance at
 * once: a row is sent only by the instance whose conditional update claimed
 * it, and marked sent only while that instance still holds the lease.
 */
export async function runDeliveries(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, opts: DeliveryOptions, owner: string = INSTANCE_ID): Promise<DeliveryRun> {
  const db = deps.db;
  const run = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const due = await db
    .selectFrom('warning_deliveries')
    .select(['id'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', nowIso)]))
    .orderBy('next_attempt_at')
    .limit(DELIVERY.batch)
    .execute();
  for (const { id } of due) {
    const claimed = await db
      .updateTable('warning_deliveries')
      .set((eb) => ({ lease_owner: owner, lease_until: new Date(now.getTime() + DELIVERY.leaseMs).toISOString(), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', nowIso)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const row = await db.selectFrom('warning_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const outcome = await deliverOne(deps, opts, row).catch(() => 'retry' as const);
    const mine = db.updateTable('warning_deliveries').where('id', '=', id).where('lease_owner', '=', owner);
    if (outcome === 'sent') {
      await mine.set({ status: 'sent', sent_at: deps.clock.now().toISOString(), lease_owner: null, lease_until: null, last_error: null }).execute();
      run.sent++;
    } else if (outcome === 'cancelled' || outcome === 'gone') {
      await mine.set({ status: 'cancelled', lease_owner: null, lease_until: null, last_error: outcome === 'gone' ? errorCode('PSL_ERR_PUSH_GONE') : null }).execute();
      run.cancelled++;
    } else if (Number(row.attempts) >= DELIVERY.maxAttempts) {
      await mine.set({ status: 'failed', lease_owner: null, lease_until: null, last_error: outcome === 'no-mailer' ? errorCode('PSL_ERR_NO_SMTP') : errorCode('PSL_ERR_DELIVERY_FAILED') }).execute();
      run.failed++;
    } else {
      await mine
        .set({
          lease_owner: null,
          lease_until: null,
          next_attempt_at: new Date(deps.clock.now().getTime() + DELIVERY.backoffMs(Number(row.attempts))).toISOString(),
          last_error: outcome === 'no-mailer' ? errorCode('PSL_ERR_NO_SMTP') : errorCode('PSL_ERR_DELIVERY_RETRY'),
        })
        .execute();
      run.retried++;
    }
  }
  return run;
}

type Outcome = 'sent' | 'cancelled' | 'gone' | 'retry' | 'no-mailer';

async function deliverOne(
  deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>,
  opts: DeliveryOptions,
  row: { warning_id: WarningId; member_id: MemberId; channel: string; target_id: string },
): Promise<Outcome> {
  const db = deps.db;
  const today = dayOf(deps.clock);
  const wRow = await db.selectFrom('warnings').selectAll().where('id', '=', row.warning_id).executeTakeFirst();
  if (!wRow || wRow.status !== 'published' || !wRow.expires_on || wRow.expires_on < today) return 'cancelled';
  const member = await db.selectFrom('members').select(['id', 'status', 'lang', 'notify_email']).where('id', '=', row.member_id).executeTakeFirst();
  if (!member || member.status !== 'active') return 'cancelled';
  const warning = toWarning(deps, wRow, today);
  const area = warning.areaId ? await db.selectFrom('areas').select('name').where('id', '=', warning.areaId).executeTakeFirst() : undefined;
  const t = translatorFor(member.lang);
  const title = warningTitle(t, warning, area?.name ?? null);

  if (row.channel === 'email') {
    if (Number(member.notify_email) !== 1) return 'cancelled';
    const to = await memberEmail(deps, member.id);
    if (!to) return 'cancelled';
    if (!opts.mailer) return 'no-mailer';
    const text = `${t.t('safety.mail.intro')}\n\n${title}\n\n${warningText(t, warning, area?.name ?? null)}\n\n${t.t('safety.mail.footer')}\n`;
    await opts.mailer.send({ to, subject: t.t('safety.mail.subject'), text, messageId: `<${warning.id}.${member.id}@warnings.parasol.invalid>`, lang: t.locale });
    return 'sent';
  }
  if (row.channel === 'push') {
    const sub = await db.selectFrom('push_subscriptions').selectAll().where('id', '=', row.target_id).where('member_id', '=', member.id).executeTakeFirst();
    if (!sub) return 'cancelled';
    if (!opts.push) return 'retry';
    const data = openServer<PushSubscriptionData>(deps.secrets, 'member', sub.body, subContext(sub.id));
    if (pushEndpointProblem(data.endpoint, opts.extraPushHosts)) return 'cancelled';
    // Discreet on a lock screen: a neutral title and the place; the warning itself opens on the site.
    const payload = JSON.stringify({
      title: t.t('safety.push.title'),
      body: t.t('safety.push.body', { place: placeLabel(t, warning, area?.name ?? null) }),
      url: `/members/warnings/${warning.id}?lang=${t.locale}`,
      tag: warning.id,
    });
    const outcome = await opts.push.send(data, payload, { topic: topicFor(warning.id, member.id), ttlSeconds: DELIVERY.pushTtlSeconds });
    if (outcome === 'gone') await db.deleteFrom('push_subscriptions').where('id', '=', sub.id).execute();
    return outcome;
  }
  return 'cancelled';
}

// ---------------------------------------------------------------- wiring to a context

export interface DeliveryOverrides {
  /** An HTTPS agent for Web Push requests (a local test push service with a self-signed certificate). */
  readonly pushAgent?: https.Agent;
  readonly extraPushHosts?: readonly string[];
  readonly mailer?: WarningMailer;
}

const overrides = new WeakMap<object, DeliveryOverrides>();
const built = new WeakMap<object, { mailer: WarningMailer | null; options: Promise<DeliveryOptions> }>();

/** Replaces transports for one context (tests: a local push service, a mailer). Call before the first delivery. */
export function configureDelivery(ctx: DeliveryContext, o: DeliveryOverrides): void {
  overrides.set(ctx, o);
  built.delete(ctx);
}

/** Push hosts allowed for this context besides the browsers' push services. */
export function extraPushHosts(ctx: DeliveryContext): readonly string[] {
  return overrides.get(ctx)?.extraPushHosts ?? [];
}

/** The context's delivery transports, built once: the configured SMTP server, Web Push with the stored VAPID keys. */
export function deliveryOptions(ctx: DeliveryContext): Promise<DeliveryOptions> {
  let b = built.get(ctx);
  if (!b) {
    const o = overrides.get(ctx) ?? {};
    const mailer = o.mailer ?? (ctx.config.smtpUrl ? smtpWarningMailer(ctx.config.smtpUrl, ctx.config.mailFrom) : null);
    const options = vapidKeys(ctx.core).then((keys) => ({ mailer, push: webPushSender(keys, vapidSubject(ctx.config.mailFrom), o.pushAgent), extraPushHosts: o.extraPushHosts ?? [] }));
    b = { mailer, options };
    built.set(ctx, b);
    options.catch(() => built.delete(ctx));
  }
  return b.options;
}

/** Closes the mailer made for a context (tests, shutdown). */
export function closeDelivery(ctx: DeliveryContext): void {
  const b = built.get(ctx);
  if (b && !overrides.get(ctx)?.mailer) b.mailer?.close();
  built.delete(ctx);
}
