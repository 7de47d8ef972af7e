/**
 * A household's referral at national scale: who referred, the service-target clocks as the
 * product fixes them at submission (working days, @pilot/domain), the timeline including the
 * reminders and escalations the sweep would have sent for the targets that were missed, and
 * the in-app notices the people involved received. The case behind an accepted referral comes
 * from cases.ts; the state the case-timeline trigger would carry over (first contact, closure)
 * is written here directly (the loader keeps triggers off).
 */
import {
  DEFAULT_SERVICE_TARGET_DAYS, localDate, serviceDeadlines, type Deadline, type DeclineReason, type ServiceTarget, type Urgency,
} from '@pilot/domain';
import { NOTICES, type NoticeKind, type NoticeParams } from '../../modules/notifications/notices.ts';
import type { Member } from './context.ts';
import type { Random } from './random.ts';
import type { PlannedContact } from './units.ts';

/** Weekends only: under martial law public holidays are working days. */
export const WORKING_CALENDAR = { holidays: new Set<string>() };
/** Deadlines depend only on the day a referral was sent (Kyiv time): worked out once per day. */
const deadlinesByDay = new Map<string, Deadline[]>();
function deadlinesOf(submittedAt: Date): Deadline[] {
  const d = localDate(submittedAt);
  let list = deadlinesByDay.get(d);
  if (!list) deadlinesByDay.set(d, (list = serviceDeadlines(submittedAt, DEFAULT_SERVICE_TARGET_DAYS, WORKING_CALENDAR)));
  return list;
}
const MINUTE = 60_000;

export const REFERRAL_TABLES = [
  {
    table: 'referral',
    columns: ['id', 'provider_id', 'unit_id', 'assignment_id', 'referred_by', 'referrer_name', 'referrer_phone', 'referrer_position', 'subject',
      'person_last_name', 'person_first_name', 'person_patronymic', 'person_name', 'person_birth_date', 'person_phone', 'person_email',
      'person_relation', 'person_settlement', 'service_member_name', 'service_member_status', 'categories', 'needs', 'urgency',
      'consent_method', 'consent_recorded_at', 'status', 'submitted_at', 'decided_at', 'decided_by', 'decline_reason', 'decline_note',
      'withdrawn_at', 'withdraw_reason', 'case_id', 'beneficiary_id', 'case_manager_id', 'first_contact_at', 'closed_at', 'created_at', 'updated_at'],
  },
  { table: 'referral_event', columns: ['id', 'provider_id', 'referral_id', 'at', 'kind', 'actor_id', 'target', 'decline_reason'] },
  { table: 'referral_deadline', columns: ['id', 'provider_id', 'referral_id', 'unit_id', 'target', 'due_at', 'escalate_at', 'met_at', 'cancelled_at', 'reminded_at', 'escalated_at'] },
  { table: 'notification', columns: ['id', 'user_id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'] },
] as const;

const NEEDS: Record<string, string[]> = {
  mobilized: ['Мобілізований нещодавно, родина потребує роз’яснень щодо виплат і пільг.', 'Потрібна допомога з документами для родини на час служби.'],
  serving: ['Дружина з двома дітьми потребує інформації про пільги та психологічної підтримки.', 'Потрібна консультація щодо виплат і соціального захисту родини.'],
  wounded: ['Після поранення потрібен супровід на ВЛК і допомога з оформленням статусу.', 'Потрібна допомога з реабілітацією та документами про травму.'],
  released_from_captivity: ['Повернувся з полону, потрібна психологічна підтримка і допомога з документами.', 'Після звільнення з полону потрібен супровід у відновленні документів.'],
  preparing_discharge: ['Звільняється зі служби, потрібна допомога з працевлаштуванням і документами.', 'Потрібна підтримка в адаптації до цивільного життя.'],
  family_of_pow: ['Чоловік у полоні. Потрібна допомога з документами для виплат і психологічна підтримка для дітей.', 'Син у полоні, мати потребує супроводу та зв’язку з координаційним штабом.'],
  family_of_missing: ['Чоловік зник безвісти. Потрібна допомога з пошуком і виплатами.', 'Родина зниклого безвісти потребує психологічної та правової допомоги.'],
  family_of_fallen: ['Родина загиблого: виплати, пільги, психологічна підтримка.', 'Мати загиблого потребує допомоги з оформленням одноразової допомоги.'],
  idp_family: ['Родина переселенців, потрібне житло і допомога з паливом на зиму.', 'Переселилися з окупованої території, потрібні документи і гуманітарна допомога.'],
};
const DECLINE_NOTES: Record<DeclineReason, string> = {
  out_of_scope: 'Потреби стосуються лише юридичного спору, перенаправлено до центру БПД.',
  no_capacity: 'Усі фахівці зайняті; порадили звернутися до сусіднього надавача.',
  already_served: 'Родина вже отримує супровід в іншого надавача.',
  person_unreachable: 'Три спроби зв’язатися за телефоном без відповіді.',
  person_declined: 'Людина подякувала і відмовилася від супроводу.',
  other: 'Інша причина, пояснено телефоном.',
};

export interface ReferralStory {
  id: string; providerId: string; providerName: string;
  unit: { id: string; code: string; assignmentId: string; contacts: PlannedContact[] };
  subject: 'service_member' | 'family_member';
  person: { last: string; first: string; patronymic: string; birthDate: string; phone: string; relation: string | null; settlement: string | null };
  serviceMember: { name: string; status: string };
  categories: string[];
  submittedAt: Date;
  outcome:
    | { kind: 'pending' }
    | { kind: 'withdrawn'; at: Date }
    | { kind: 'declined'; at: Date; by: string; reason: DeclineReason }
    | {
      kind: 'accepted'; at: Date; by: string; caseId: string; beneficiaryId: string; manager: Member;
      firstContactAt: Date | null; assessedAt: Date | null; closedAt: Date | null;
    };
}

/** Who a provider's notices go to, by role. */
export interface Recipients { supervisors: Member[]; admins: Member[]; coordinators: Member[] }

type Push = (table: string, row: readonly unknown[]) => void;

/** Appends a referral's rows (the referral, its timeline, its clocks, the notices sent) to the batches. */
export function referralRows(r: Random, now: Date, story: ReferralStory, to: Recipients, push: Push) {
  const { id, providerId, unit } = story;
  const referrer = r.pick(unit.contacts);
  const urgency: Urgency = r.weighted([['normal', 75], ['urgent', 20], ['emergency', 5]] as const);
  const o = story.outcome;
  const status = o.kind === 'pending' ? 'submitted' : o.kind;
  const decidedAt = o.kind === 'accepted' || o.kind === 'declined' ? o.at : null;
  const p = story.person;
  const name = `${p.last} ${p.first} ${p.patronymic}`;
  const accepted = o.kind === 'accepted' ? o : null;
  const updated = accepted?.closedAt ?? accepted?.firstContactAt ?? decidedAt ?? (o.kind === 'withdrawn' ? o.at : story.submittedAt);
  push('referral', [
    id, providerId, unit.id, unit.assignmentId, referrer.id, referrer.name, referrer.phone, referrer.position, story.subject,
    p.last, p.first, p.patronymic, name, r.chance(0.85) ? p.birthDate : null, p.phone, r.chance(0.15) ? `family${r.int(1, 99_999)}@example.com` : null,
    story.subject === 'family_member' ? p.relation : null, p.settlement, story.subject === 'family_member' ? story.serviceMember.name : name,
    story.serviceMember.status, story.categories, r.pick(NEEDS[story.categories[0]!]!), urgency,
    r.chance(0.4) ? 'written' : 'verbal', story.submittedAt, status, story.submittedAt, decidedAt,
    o.kind === 'accepted' || o.kind === 'declined' ? o.by : null,
    o.kind === 'declined' ? o.reason : null, o.kind === 'declined' ? DECLINE_NOTES[o.reason] : null,
    o.kind === 'withdrawn' ? o.at : null, o.kind === 'withdrawn' ? 'Родина звернулася до надавача самостійно' : null,
    accepted?.caseId ?? null, accepted?.beneficiaryId ?? null, accepted?.manager.id ?? null,
    accepted?.firstContactAt ?? null, accepted?.closedAt ?? null, story.submittedAt, updated,
  ]);

  const event = (at: Date, kind: string, actor: string | null, target: ServiceTarget | null = null, reason: DeclineReason | null = null) =>
    push('referral_event', [r.uuid(at), providerId, id, at, kind, actor, target, reason]);
  const notice = <K extends NoticeKind>(kind: K, at: Date, params: NoticeParams<K>, link: string, people: readonly Member[]) => {
    for (const m of people) {
      const { subject, text } = (NOTICES[kind][m.locale] as (p: NoticeParams<K>) => { subject: string; text: string })(params);
      const read = now.getTime() - at.getTime() > 3 * 86_400_000 ? r.chance(0.95) : r.chance(0.4);
      push('notification', [r.uuid(at), m.id, kind, subject, text, link, at, read ? new Date(at.getTime() + r.int(5, 600) * MINUTE) : null]);
    }
  };

  event(story.submittedAt, 'submitted', referrer.id);
  notice('referral.new', story.submittedAt, { unitCode: unit.code, urgency }, `/referrals/${id}`, to.supervisors);
  const submittedIso = story.submittedAt.toISOString();
  const toReferrer: Member[] = [referrer];
  if (o.kind === 'withdrawn') event(o.at, 'withdrawn', referrer.id);
  if (o.kind === 'declined') {
    event(o.at, 'declined', o.by, null, o.reason);
    notice('referral.declined', o.at, { providerName: story.providerName, submittedAt: submittedIso, reason: o.reason }, `/my-referrals/${id}`, toReferrer);
  }
  if (accepted) {
    event(accepted.at, 'accepted', accepted.by);
    notice('referral.accepted', accepted.at, { providerName: story.providerName, submittedAt: submittedIso, managerName: accepted.manager.name, managerPhone: accepted.manager.phone },
      `/my-referrals/${id}`, toReferrer);
    if (accepted.firstContactAt && accepted.firstContactAt <= now) {
      event(accepted.firstContactAt, 'first_contact', null);
      notice('referral.first_contact', new Date(accepted.firstContactAt.getTime() + MINUTE), { providerName: story.providerName, submittedAt: submittedIso },
        `/my-referrals/${id}`, toReferrer);
    }
    if (accepted.assessedAt && accepted.assessedAt <= now) event(accepted.assessedAt, 'assessed', null);
    if (accepted.closedAt && accepted.closedAt <= now) event(accepted.closedAt, 'closed', null);
  }

  // The service-target clocks, and what the sweep (every minute) did about each.
  const endedAt = o.kind === 'withdrawn' ? o.at : o.kind === 'declined' ? o.at : accepted?.closedAt ?? null;
  const metAt: Record<ServiceTarget, Date | null> = {
    acknowledgement: decidedAt,
    first_contact: accepted?.firstContactAt ?? null,
    assessment: accepted?.assessedAt ?? null,
  };
  for (const d of deadlinesOf(story.submittedAt)) {
    const met = metAt[d.target] && metAt[d.target]! <= now && (!endedAt || metAt[d.target]! <= endedAt) ? metAt[d.target] : null;
    const cancelled = !met && endedAt && endedAt <= now ? endedAt : null;
    const settled = met ?? cancelled ?? now;
    const reminded = d.dueAt < settled ? new Date(d.dueAt.getTime() + MINUTE) : null;
    const escalated = d.escalateAt < settled ? new Date(d.escalateAt.getTime() + MINUTE) : null;
    push('referral_deadline', [r.uuid(story.submittedAt), providerId, id, unit.id, d.target, d.dueAt, d.escalateAt, met, cancelled, reminded, escalated]);
    const params = { unitCode: unit.code, providerName: story.providerName, target: d.target, dueAt: d.dueAt.toISOString() };
    if (reminded) {
      event(reminded, 'reminder', null, d.target);
      const manager = accepted && accepted.at < reminded ? [accepted.manager] : [];
      notice('referral.reminder', reminded, params, `/referrals/${id}`, [...to.supervisors, ...manager]);
    }
    if (escalated) {
      event(escalated, 'escalation', null, d.target);
      notice('referral.escalation', escalated, params, '/escalations', [...to.admins, ...to.coordinators]);
    }
  }
}
