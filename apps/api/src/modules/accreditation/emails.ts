import type { Template } from '../../lib/emails.ts';

/** A provider is told of every decision on its accreditation, at its organisation's address. */
const decision: Template<{ organisation: string; status: string; decisionNumber: string; decisionDate: string; detail: string }> = {
  uk: (p) => ({
    subject: `Рішення щодо відповідності критеріям — ${p.organisation}`,
    text: `${p.organisation}\n\nМіністерство соціальної політики ухвалило рішення № ${p.decisionNumber} від ${p.decisionDate}: ${p.status}.\n${p.detail}\n\nНаявні справи і дані вашої організації залишаються доступними на платформі «Пілот».`,
  }),
  en: (p) => ({
    subject: `Accreditation decision — ${p.organisation}`,
    text: `${p.organisation}\n\nThe Ministry of Social Policy took decision No. ${p.decisionNumber} of ${p.decisionDate}: ${p.status}.\n${p.detail}\n\nYour organisation's existing cases and data stay available on the Pilot platform.`,
  }),
};

export const STATUS_TEXT = {
  uk: { pending: 'очікує рішення', accredited: 'відповідає критеріям', suspended: 'дію зупинено', revoked: 'відкликано' },
  en: { pending: 'pending', accredited: 'accredited', suspended: 'suspended', revoked: 'revoked' },
} as const;

export const accreditationEmails = { decision };
