import type { MikroORM } from '@mikro-orm/postgresql';
import { quarterOf } from '@pilot/domain';
import { AccreditationDecision } from '../modules/accreditation/entities.ts';
import { CentreMember, CoordinationCentre, Instruction, Meeting, MeetingAttendee, MeetingIssue, WorkPlanItem } from '../modules/coordination/entities.ts';
import { User } from '../modules/identity/entities.ts';
import { Provider } from '../modules/providers/entities.ts';
import { today } from '../lib/clock.ts';
import { addDays } from '@pilot/domain';

/** Fixed ids of the demo coordination centres, for tests and later seeds. */
export const DEMO_CENTRES = {
  kyiv: '01930000-0000-7000-8000-0000000000c1',
  lviv: '01930000-0000-7000-8000-0000000000c2',
} as const;

/** Fixed ids of the Kyiv centre's demo records (Razom is a member there). */
export const DEMO_KYIV = {
  meeting: '01930000-0000-7000-8000-0000000000d1',
  issue: '01930000-0000-7000-8000-0000000000d2',
  instructionToRazom: '01930000-0000-7000-8000-0000000000d3',
  planItem: '01930000-0000-7000-8000-0000000000d4',
} as const;

/**
 * The ministry's side of the demo: the accreditation decisions behind the demo providers (one
 * of them ending soon, so the dashboard has something to flag), and two coordination centres,
 * each with one demo provider as a member, a past meeting and its instructions.
 */
export async function seedMinistryDemo(orm: MikroORM, providers: readonly { id: string; name: string }[], now = new Date()) {
  const em = orm.em.fork();
  const day = today(() => now);
  const coordinator = await em.findOneOrFail(User, { email: 'coordinator@minsoc.demo' });
  const [razom, nadiya] = providers;
  const validity = [
    { provider: razom!, number: 'МСП-2024/117', decided: '2024-11-20', from: '2024-12-01', until: addDays(day, 20) },
    { provider: nadiya!, number: 'МСП-2025/042', decided: '2025-02-10', from: '2025-03-01', until: addDays(day, 460) },
  ];
  for (const v of validity) {
    em.create(AccreditationDecision, {
      providerId: v.provider.id, action: 'accredit', fromStatus: 'pending', toStatus: 'accredited', decisionNumber: v.number,
      decisionDate: v.decided, validFrom: v.from, validUntil: v.until, reason: null, decidedBy: coordinator.id,
    });
    const p = await em.findOneOrFail(Provider, { id: v.provider.id });
    Object.assign(p, { accreditedFrom: v.from, accreditedUntil: v.until, accreditationDecisionNumber: v.number, accreditationDecisionDate: v.decided });
  }

  const centres = [
    { id: DEMO_CENTRES.kyiv, oblastCode: 'UA80000000000093317', name: 'Координаційний центр підтримки цивільного населення м. Києва', provider: razom!, rep: 'Ганна Руденко', place: 'Київ, вул. Хрещатик, 36',
      members: [
        ['Олександр Гнатюк', 'Київська міська військова адміністрація', 'military_administration', 'заступник начальника'],
        ['Світлана Левченко', 'Департамент соціальної політики КМДА', 'social_protection', 'начальник відділу'],
        ['майор Петро Савчук', 'Група CIMIC Сил підтримки', 'cimic', 'офіцер CIMIC'],
      ] },
    { id: DEMO_CENTRES.lviv, oblastCode: 'UA46000000000026241', name: 'Координаційний центр підтримки цивільного населення Львівської області', provider: nadiya!, rep: 'Степан Козак', place: 'Львів, вул. Винниченка, 18',
      members: [
        ['Роман Федорів', 'Львівська обласна військова адміністрація', 'military_administration', 'директор департаменту'],
        ['Ірина Гук', 'Департамент соціального захисту населення ЛОВА', 'social_protection', 'заступник директора'],
      ] },
  ] as const;
  const heldOn = addDays(day, -12);
  for (const c of centres) {
    em.create(CoordinationCentre, { id: c.id, oblastCode: c.oblastCode, name: c.name });
    const members = c.members.map(([fullName, organisation, role, position]) =>
      em.create(CentreMember, { centreId: c.id, fullName, organisation, role, position, email: null, providerId: null }));
    const ngo = em.create(CentreMember, {
      centreId: c.id, fullName: c.rep, organisation: c.provider.name, role: 'ngo', position: 'координатор програм',
      email: null, providerId: c.provider.id,
    });
    const kyiv = c.id === DEMO_CENTRES.kyiv;
    const meeting = em.create(Meeting, { ...(kyiv ? { id: DEMO_KYIV.meeting } : {}), centreId: c.id, heldOn, place: c.place, online: true, guests: null, createdBy: coordinator.id });
    for (const m of [...members, ngo]) em.create(MeetingAttendee, { meetingId: meeting.id, memberId: m.id, centreId: c.id });
    const issue = em.create(MeetingIssue, {
      ...(kyiv ? { id: DEMO_KYIV.issue } : {}), meetingId: meeting.id, centreId: c.id, position: 1, category: 'defenders_families',
      title: 'Підтримка сімей зниклих безвісти: доступ до психологічної допомоги',
      discussion: 'Черги до психологів у громадах; потреба у виїзних консультаціях.',
      decisions: 'Організувати виїзні консультації у громадах області; звітувати щомісяця.',
    });
    em.create(Instruction, {
      ...(kyiv ? { id: DEMO_KYIV.instructionToRazom } : {}), centreId: c.id, meetingId: meeting.id, issueId: issue.id, title: 'Провести виїзні консультації для сімей зниклих безвісти у трьох громадах',
      assigneeMemberId: ngo.id, assigneeOrganisation: c.provider.name, assigneePerson: ngo.fullName, assigneeEmail: null,
      assigneeProviderId: c.provider.id, dueDate: addDays(day, 10), createdBy: coordinator.id,
    });
    em.create(Instruction, {
      centreId: c.id, meetingId: meeting.id, issueId: issue.id, title: 'Надати перелік психологів, які працюють з родинами військовослужбовців',
      assigneeMemberId: members[1]!.id, assigneeOrganisation: members[1]!.organisation, assigneePerson: members[1]!.fullName,
      assigneeEmail: null, assigneeProviderId: null, dueDate: addDays(day, -2), status: 'overdue', createdBy: coordinator.id,
    });
    em.create(WorkPlanItem, { ...(kyiv ? { id: DEMO_KYIV.planItem } : {}), centreId: c.id, quarter: quarterOf(day), title: 'Мапування послуг психосоціальної підтримки в громадах', owner: members[1]!.organisation, dueDate: addDays(day, 30) });
  }
  await em.flush();
}
