import type { TLocale } from '@pilot/contracts';
import type { Email } from './mailer.ts';

/**
 * The texts of the emails the platform sends, Ukrainian first. Kept as plain text: mail
 * clients of the people served range from modern to very old phones.
 */
export type Template<P> = Record<TLocale, (p: P) => { subject: string; text: string }>;

const invitation: Template<{ fullName: string; organisation: string; link: string; days: number }> = {
  uk: (p) => ({
    subject: `Запрошення до платформи «Пілот» — ${p.organisation}`,
    text: `Вітаємо, ${p.fullName}!\n\n${p.organisation} запрошує вас до платформи соціального супроводу «Пілот».\nЩоб прийняти запрошення і встановити пароль, відкрийте посилання:\n\n${p.link}\n\nПосилання дійсне ${p.days} дн. Якщо ви не очікували цього листа, просто проігноруйте його.`,
  }),
  en: (p) => ({
    subject: `Invitation to the Pilot platform — ${p.organisation}`,
    text: `Hello ${p.fullName},\n\n${p.organisation} invites you to the Pilot social accompaniment platform.\nTo accept and set your password, open:\n\n${p.link}\n\nThe link is valid for ${p.days} days. If you did not expect this email, ignore it.`,
  }),
};

const passwordReset: Template<{ fullName: string; link: string; minutes: number }> = {
  uk: (p) => ({
    subject: 'Відновлення пароля — «Пілот»',
    text: `Вітаємо, ${p.fullName}!\n\nЩоб встановити новий пароль, відкрийте посилання:\n\n${p.link}\n\nПосилання дійсне ${p.minutes} хв. Якщо ви не просили відновити пароль, проігноруйте цей лист — ваш пароль не змінено.`,
  }),
  en: (p) => ({
    subject: 'Password reset — Pilot',
    text: `Hello ${p.fullName},\n\nTo set a new password, open:\n\n${p.link}\n\nThe link is valid for ${p.minutes} minutes. If you did not ask for this, ignore this email; your password has not changed.`,
  }),
};

export const emails = { invitation, passwordReset };

export function render<P>(template: Template<P>, locale: TLocale, to: string, params: P): Email {
  return { to, ...template[locale](params) };
}
