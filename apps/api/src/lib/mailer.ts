import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';

export interface Email { to: string; subject: string; text: string; html?: string }

/** SMTP only: in development and tests a local sink captures the messages. */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>) {
  const transport = nodemailer.createTransport(config.SMTP_URL);
  return {
    send: (m: Email) => transport.sendMail({ from: config.MAIL_FROM, ...m }),
    close: () => transport.close(),
  };
}
export type Mailer = ReturnType<typeof createMailer>;
