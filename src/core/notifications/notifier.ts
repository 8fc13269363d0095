/**
 * Activity notices to caseworkers by e-mail. A notice says only that there is
 * new activity: never content, never a report id, never a time. Notices are
 * batched per organisation after a delay, so the mail server's clock does not
 * record the minute a reporter pressed submit.
 */
import { smtpTransport } from '../../infra/smtp.js';
import type { Db } from '../shared/deps.js';
import { errorCode } from '../shared/error-codes.js';

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
  readonly delayMs: number;
  /** Called with a stable code when a notice could not be sent (never with an address). */
  readonly onError?: (code: string) => void;
}

export class ActivityNotifier {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer | null,
    private readonly options: NotifierOptions,
  ) {}

  /** Notes activity for an organisation; one notice per caseworker follows after the delay. */
  activity(organisationId: string): void {
    if (!this.mailer || this.pending.has(organisationId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(organisationId);
      const p = this.flush(organisationId).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }, this.options.delayMs);
    timer.unref();
    this.pending.set(organisationId, timer);
  }

  private async flush(organisationId: string): Promise<void> {
    try {
      const recipients = await this.db
        .selectFrom('users')
        .select('email')
        .where('organisation_id', '=', organisationId)
        .where('active', '=', 1)
        .where('notify', '=', 1)
        .where('email', 'is not', null)
        .execute();
      for (const r of recipients) {
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            await this.mailer!.send(r.email!, NOTICE_SUBJECT, NOTICE_TEXT);
            break;
          } catch {
            if (attempt === 2) this.options.onError?.(errorCode('PSL_ERR_NOTICE_NOT_SENT'));
            else await new Promise((res) => setTimeout(res, 500 * (attempt + 1)));
          }
        }
      }
    } catch {
      this.options.onError?.(errorCode('PSL_ERR_NOTICE_FAILED'));
    }
  }

  /** Sends every pending notice now and waits for all of them (shutdown, tests). */
  async drain(): Promise<void> {
    for (const [org, timer] of this.pending) {
      clearTimeout(timer);
      this.pending.delete(org);
      const p = this.flush(org);
      this.inFlight.add(p);
      void p.finally(() => this.inFlight.delete(p));
    }
    await Promise.all([...this.inFlight]);
  }

  close(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.mailer?.close();
  }
}
