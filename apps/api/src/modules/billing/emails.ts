import type { Template } from '../../lib/emails.ts';

/** Emails to a provider's NGO admins about its subscription. */
const pastDue: Template<{ fullName: string; organisation: string; graceEnds: string; link: string }> = {
  uk: (p) => ({
    subject: `Не вдалося списати оплату — ${p.organisation}`,
    text: `Вітаємо, ${p.fullName}!\n\nНе вдалося списати оплату підписки ${p.organisation} на платформі «Пілот».\nДо ${p.graceEnds} усе працює як звичайно. Після цієї дати не можна буде додавати працівників і відкривати нові справи (наявні справи, направлення, перегляд і експорт працюватимуть і далі).\n\nОновіть спосіб оплати: ${p.link}`,
  }),
  en: (p) => ({
    subject: `Payment failed — ${p.organisation}`,
    text: `Hello ${p.fullName},\n\nWe could not collect the payment for ${p.organisation}'s Pilot subscription.\nEverything keeps working until ${p.graceEnds}. After that date no staff can be added and no new cases opened (existing cases, referrals, reading and export keep working).\n\nUpdate the payment method: ${p.link}`,
  }),
};

const restricted: Template<{ fullName: string; organisation: string; link: string }> = {
  uk: (p) => ({
    subject: `Обмежений режим — ${p.organisation}`,
    text: `Вітаємо, ${p.fullName}!\n\nПільговий період для оплати підписки ${p.organisation} завершився. Поки оплату не отримано, не можна додавати працівників і відкривати нові справи. Наявні справи, направлення, перегляд і експорт працюють.\n\nОплатити: ${p.link}`,
  }),
  en: (p) => ({
    subject: `Restricted mode — ${p.organisation}`,
    text: `Hello ${p.fullName},\n\nThe grace period for ${p.organisation}'s subscription payment has ended. Until it is paid, no staff can be added and no new cases opened. Existing cases, referrals, reading and export keep working.\n\nPay now: ${p.link}`,
  }),
};

export const billingEmails = { pastDue, restricted };
