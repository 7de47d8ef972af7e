import type { DeclineReason, ServiceTarget, Urgency } from '@pilot/domain';
import { PILOT_TIME_ZONE } from '@pilot/domain';
import type { TLocale } from '@pilot/contracts';
import type { Template } from '../../lib/emails.ts';

/**
 * What referral notices say. Never a name, a need or a contact of the person referred: a
 * notice travels by email and sits in inboxes; the link opens the record for whoever may see it.
 */
// Formatters are built once: constructing an Intl.DateTimeFormat costs far more than using one.
const format = (options: Intl.DateTimeFormatOptions) => ({
  uk: new Intl.DateTimeFormat('uk-UA', { ...options, timeZone: PILOT_TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { ...options, timeZone: PILOT_TIME_ZONE }),
});
const WHEN = format({ dateStyle: 'medium', timeStyle: 'short' });
const DAY = format({ dateStyle: 'medium' });
const when = (locale: TLocale, iso: string) => WHEN[locale].format(new Date(iso));
const day = (locale: TLocale, iso: string) => DAY[locale].format(new Date(iso));

const URGENCY: Record<TLocale, Record<Urgency, string>> = {
  uk: { normal: 'звичайна', urgent: 'термінова', emergency: 'невідкладна' },
  en: { normal: 'normal', urgent: 'urgent', emergency: 'emergency' },
};
const TARGET: Record<TLocale, Record<ServiceTarget, string>> = {
  uk: { acknowledgement: 'розгляд направлення', first_contact: 'перший контакт із сім’єю', assessment: 'оцінка потреб' },
  en: { acknowledgement: 'acknowledging the referral', first_contact: 'first contact with the family', assessment: 'needs assessment' },
};
export const DECLINE_REASON_TEXT: Record<TLocale, Record<DeclineReason, string>> = {
  uk: {
    out_of_scope: 'потреби поза межами послуг надавача',
    no_capacity: 'немає можливості взяти зараз',
    already_served: 'людина вже отримує супровід',
    person_unreachable: 'не вдалося зв’язатися з людиною',
    person_declined: 'людина відмовилася від супроводу',
    other: 'інша причина',
  },
  en: {
    out_of_scope: 'the needs are outside the provider’s services',
    no_capacity: 'no capacity at the moment',
    already_served: 'the person is already being accompanied',
    person_unreachable: 'the person could not be reached',
    person_declined: 'the person declined accompaniment',
    other: 'another reason',
  },
};

type NewReferral = { unitCode: string; urgency: Urgency };
type Decided = { providerName: string; submittedAt: string };
type Accepted = Decided & { managerName: string; managerPhone: string | null };
type Declined = Decided & { reason: DeclineReason };
type Overdue = { unitCode: string; providerName: string; target: ServiceTarget; dueAt: string };

const newReferral: Template<NewReferral> = {
  uk: (p) => ({
    subject: `Нове направлення від в/ч ${p.unitCode}`,
    text: `Військова частина ${p.unitCode} надіслала направлення (терміновість: ${URGENCY.uk[p.urgency]}). Прийміть його або відхиліть із причиною.`,
  }),
  en: (p) => ({
    subject: `New referral from unit ${p.unitCode}`,
    text: `Military unit ${p.unitCode} sent a referral (urgency: ${URGENCY.en[p.urgency]}). Accept it, or decline it with a reason.`,
  }),
};

const accepted: Template<Accepted> = {
  uk: (p) => ({
    subject: 'Направлення прийнято',
    text: `${p.providerName} прийняла направлення від ${day('uk', p.submittedAt)}. Відповідальна особа: ${p.managerName}${p.managerPhone ? `, ${p.managerPhone}` : ''}.`,
  }),
  en: (p) => ({
    subject: 'Referral accepted',
    text: `${p.providerName} accepted the referral of ${day('en', p.submittedAt)}. Responsible case manager: ${p.managerName}${p.managerPhone ? `, ${p.managerPhone}` : ''}.`,
  }),
};

const declined: Template<Declined> = {
  uk: (p) => ({
    subject: 'Направлення відхилено',
    text: `${p.providerName} відхилила направлення від ${day('uk', p.submittedAt)}. Причина: ${DECLINE_REASON_TEXT.uk[p.reason]}.`,
  }),
  en: (p) => ({
    subject: 'Referral declined',
    text: `${p.providerName} declined the referral of ${day('en', p.submittedAt)}. Reason: ${DECLINE_REASON_TEXT.en[p.reason]}.`,
  }),
};

const firstContact: Template<Decided> = {
  uk: (p) => ({
    subject: 'Перший контакт відбувся',
    text: `${p.providerName} зв’язалася з людиною за направленням від ${day('uk', p.submittedAt)}.`,
  }),
  en: (p) => ({
    subject: 'First contact made',
    text: `${p.providerName} has made first contact with the person referred on ${day('en', p.submittedAt)}.`,
  }),
};

const reminder: Template<Overdue> = {
  uk: (p) => ({
    subject: `Термін минув: ${TARGET.uk[p.target]} (в/ч ${p.unitCode})`,
    text: `Термін «${TARGET.uk[p.target]}» за направленням від в/ч ${p.unitCode} минув ${when('uk', p.dueAt)}. Без дії наступного робочого дня питання передасться адміністратору та міністерству.`,
  }),
  en: (p) => ({
    subject: `Overdue: ${TARGET.en[p.target]} (unit ${p.unitCode})`,
    text: `The target "${TARGET.en[p.target]}" for a referral from unit ${p.unitCode} passed on ${when('en', p.dueAt)}. Without action by the end of the next working day it escalates to the admin and the ministry.`,
  }),
};

const escalation: Template<Overdue> = {
  uk: (p) => ({
    subject: `Ескалація: ${p.providerName}, в/ч ${p.unitCode}`,
    text: `${p.providerName} не виконала «${TARGET.uk[p.target]}» за направленням від в/ч ${p.unitCode}: термін минув ${when('uk', p.dueAt)}, нагадування не допомогло.`,
  }),
  en: (p) => ({
    subject: `Escalation: ${p.providerName}, unit ${p.unitCode}`,
    text: `${p.providerName} has not met "${TARGET.en[p.target]}" for a referral from unit ${p.unitCode}: it was due on ${when('en', p.dueAt)} and the reminder did not help.`,
  }),
};

export const referralNotices = {
  'referral.new': newReferral,
  'referral.accepted': accepted,
  'referral.declined': declined,
  'referral.first_contact': firstContact,
  'referral.reminder': reminder,
  'referral.escalation': escalation,
};
