/**
 * Activity notices to caseworkers by e-mail. A notice says only that there is
 * new activity: never content, never a report id, never a time. Notices are
 * queued in the database and batched per organisation by the notice job, so
 * the mail server's clock does not record the minute a reporter pressed submit.
 */
import { smtpTransport } from '../../infra/smtp.js';
import type { Db } from '../shared/deps.js';
import type { ErrorCode } from '../shared/error-codes.js';
import type { OrganisationId } from '../shared/ids.js';

export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>;
  close(): void;
}

/** Sends through the operator's SMTP server (nodemailer; an smtp:// or smtps:// URL). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = smtpTransport(url);
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from, to, subject, text });
    },
    close() {
      transport.close();
    },
  };
}

export const NOTICE_SUBJECT = 'Parasol: new activity';
export const NOTICE_TEXT = 'There is new activity for your organisation in Parasol.\n\nLog in to the staff workspace to read it. This message never contains any detail of a report.\n';

export interface NotifierOptions {
  /** Attempts per recipient before a notice is given up (each failure is logged). */
  readonly maxAttempts?: number;
  /** Called with a stable code when a notice could not be sent (never with an address or content). */
  readonly onError?: (code: ErrorCode) => void;
}

/** The organisation row of a batch (recipients get rows of their own when it ripens). */
const BATCH = '*';

/**
 * Durable activity notices, shared by every instance through the database.
 * Activity queues a row for the organisation (no time: none is stored); the
 * notice job, on its own schedule, turns waiting batches ripe and sends ripe
 * ones on its next run, so a notice leaves between one and two job periods
 * after the activity and the mail server's clock does not record the minute
 * a reporter pressed submit. Only the instance holding the job's lease
 * sends; a recipient's row is deleted once their notice is sent, kept and
 * retried (up to a bound) when SMTP fails, and survives a restart.
 */
export class ActivityNotifier {
  /** Where failures go (a stable code only); the server points it at its log. */
  onError: (code: ErrorCode) => void;

  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer | null,
    private readonly options: NotifierOptions = {},
  ) {
    this.onError = options.onError ?? (() => {});
  }

  /** Notes activity for an organisation; one notice per caseworker follows on the notice job's schedule. */
  async activity(organisationId: OrganisationId): Promise<void> {
    if (!this.mailer) return;
    try {
      await this.db
        .insertInto('activity_notices')
        .values({ organisation_id: organisationId, user_id: BATCH, state: 'waiting', attempts: 0 })
        .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
        .execute();
    } catch {
      this.onError('PSL_ERR_NOTICE_NOT_QUEUED');
    }
  }

  /**
   * One run of the notice job: sends ripe batches, then ripens waiting ones.
   * With `all`, every batch is sent now (tests, the command line).
   */
  async run(all = false): Promise<{ sent: number; failed: number }> {
    if (all) await this.db.updateTable('activity_notices').set({ state: 'ripe' }).where('user_id', '=', BATCH).where('state', '=', 'waiting').execute();
    const ripe = await this.db.selectFrom('activity_notices').select('organisation_id').where('user_id', '=', BATCH).where('state', '=', 'ripe').execute();
    for (const { organisation_id } of ripe) {
      await this.db.transaction().execute(async (trx) => {
        const recipients = await trx
          .selectFrom('users')
          .select('id')
          .where('organisation_id', '=', organisation_id)
          .where('active', '=', 1)
          .where('notify', '=', 1)
          .where('email', 'is not', null)
          .execute();
        for (const r of recipients) {
          await trx
            .insertInto('activity_notices')
            .values({ organisation_id, user_id: r.id, state: 'due', attempts: 0 })
            .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
            .execute();
        }
        await trx.deleteFrom('activity_notices').where('organisation_id', '=', organisation_id).where('user_id', '=', BATCH).where('state', '=', 'ripe').execute();
      });
    }
    let sent = 0;
    let failed = 0;
    const due = await this.db
      .selectFrom('activity_notices')
      .innerJoin('users', 'users.id', 'activity_notices.user_id')
      .select(['activity_notices.organisation_id', 'activity_notices.user_id', 'activity_notices.attempts', 'users.email', 'users.notify', 'users.active'])
      .where('activity_notices.state', '=', 'due')
      .execute();
    const max = this.options.maxAttempts ?? 5;
    for (const n of due) {
      const row = this.db.deleteFrom('activity_notices').where('organisation_id', '=', n.organisation_id).where('user_id', '=', n.user_id);
      if (!this.mailer || !n.email || n.notify !== 1 || n.active !== 1) {
        await row.execute();
        continue;
      }
      try {
        await this.mailer.send(n.email, NOTICE_SUBJECT, NOTICE_TEXT);
        await row.execute();
        sent++;
      } catch {
        failed++;
        const attempts = Number(n.attempts) + 1;
        // Logged with a code only: never the address, never anything of the activity.
        this.onError(attempts >= max ? 'PSL_ERR_NOTICE_GIVEN_UP' : 'PSL_ERR_NOTICE_NOT_SENT');
        if (attempts >= max) await row.execute();
        else await this.db.updateTable('activity_notices').set({ attempts }).where('organisation_id', '=', n.organisation_id).where('user_id', '=', n.user_id).execute();
      }
    }
    if (!all) await this.db.updateTable('activity_notices').set({ state: 'ripe' }).where('user_id', '=', BATCH).where('state', '=', 'waiting').execute();
    return { sent, failed };
  }

  /** Sends every queued notice now (shutdown of a single instance, tests). */
  async drain(): Promise<void> {
    await this.run(true);
  }

  close(): void {
    this.mailer?.close();
  }
}
