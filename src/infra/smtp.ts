/**
 * One SMTP transport (nodemailer) for every kind of mail Parasol sends.
 * nodemailer is loaded on the first message, not at start-up: an instance
 * without mail configured never holds it in memory.
 */
import type { SendMailOptions, Transporter } from 'nodemailer';

export interface SmtpTransport {
  sendMail(message: SendMailOptions): Promise<void>;
  close(): void;
}

export function smtpTransport(url: string, options: object = {}): SmtpTransport {
  let transport: Promise<Transporter> | null = null;
  let closed = false;
  const open = () => (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(url, options)));
  return {
    async sendMail(message) {
      if (closed) throw new Error('the mail transport is closed');
      await (await open()).sendMail(message);
    },
    close() {
      closed = true;
      void transport?.then((t) => t.close());
    },
  };
}
