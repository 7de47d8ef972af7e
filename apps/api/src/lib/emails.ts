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

interface DigestLine { beneficiaryName: string; title: string; dueOn: string }
const digestLines = (lines: DigestLine[]) => lines.map((l) => `  • ${l.dueOn} — ${l.title} (${l.beneficiaryName})`).join('\n');

const taskDigest: Template<{ fullName: string; overdue: DigestLine[]; today: DigestLine[]; week: DigestLine[]; link: string }> = {
  uk: (p) => ({
    subject: `Завдання на сьогодні: прострочено ${p.overdue.length}, на сьогодні ${p.today.length} — «Пілот»`,
    text: `Вітаємо, ${p.fullName}!\n\n${[
      p.overdue.length ? `Прострочено:\n${digestLines(p.overdue)}` : '',
      p.today.length ? `На сьогодні:\n${digestLines(p.today)}` : '',
      p.week.length ? `Цього тижня:\n${digestLines(p.week)}` : '',
    ].filter(Boolean).join('\n\n')}\n\nУсі завдання: ${p.link}\n\nУ листі лише імена й терміни; подробиці — на платформі.`,
  }),
  en: (p) => ({
    subject: `Your tasks: ${p.overdue.length} overdue, ${p.today.length} due today — Pilot`,
    text: `Hello ${p.fullName},\n\n${[
      p.overdue.length ? `Overdue:\n${digestLines(p.overdue)}` : '',
      p.today.length ? `Due today:\n${digestLines(p.today)}` : '',
      p.week.length ? `This week:\n${digestLines(p.week)}` : '',
    ].filter(Boolean).join('\n\n')}\n\nAll tasks: ${p.link}\n\nThis email carries names and dates only; the details are on the platform.`,
  }),
};

/** What changed in how a person signs in; each gets its own line in the notice. */
export type SecurityChange = 'password_changed' | 'password_reset' | 'mfa_enabled' | 'mfa_disabled' | 'mfa_reset' | 'recovery_codes_renewed';

const CHANGES: Record<TLocale, Record<SecurityChange, string>> = {
  uk: {
    password_changed: 'змінено пароль',
    password_reset: 'пароль встановлено заново за посиланням для відновлення',
    mfa_enabled: 'увімкнено двофакторний вхід',
    mfa_disabled: 'вимкнено двофакторний вхід',
    mfa_reset: 'адміністратор вашої організації скинув двофакторний вхід',
    recovery_codes_renewed: 'видано нові резервні коди (старі більше не діють)',
  },
  en: {
    password_changed: 'your password was changed',
    password_reset: 'your password was set again from a reset link',
    mfa_enabled: 'two-factor sign-in was turned on',
    mfa_disabled: 'two-factor sign-in was turned off',
    mfa_reset: 'your organisation\'s admin reset your two-factor sign-in',
    recovery_codes_renewed: 'new recovery codes were issued (the old ones no longer work)',
  },
};

const securityNotice: Template<{ fullName: string; change: SecurityChange; at: string; link: string }> = {
  uk: (p) => ({
    subject: 'Зміна даних для входу — «Пілот»',
    text: `Вітаємо, ${p.fullName}!\n\nУ вашому обліковому записі ${p.at} (за Києвом): ${CHANGES.uk[p.change]}.\n\nЯкщо це були ви, нічого робити не потрібно. Якщо ні — негайно відновіть пароль за посиланням ${p.link} і повідомте адміністратора вашої організації.`,
  }),
  en: (p) => ({
    subject: 'Your sign-in details changed — Pilot',
    text: `Hello ${p.fullName},\n\nOn your account, ${p.at} (Kyiv time): ${CHANGES.en[p.change]}.\n\nIf this was you, there is nothing to do. If not, reset your password now at ${p.link} and tell your organisation's admin.`,
  }),
};

export const emails = { invitation, passwordReset, taskDigest, securityNotice };

export function render<P>(template: Template<P>, locale: TLocale, to: string, params: P): Email {
  return { to, ...template[locale](params) };
}
