import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../apps/api/test/harness.ts';
import { DEMO_IDS } from '../../apps/api/test/harness.ts';
import { DEMO_CASE_IDS } from '../../apps/api/src/seeders/demo-cases.ts';
import { decrypt } from '../../apps/api/src/lib/crypto.ts';
import { DEMO_CENTRES } from '../../apps/api/src/seeders/ministry.ts';

/** The acting users: every role, all on the "home" side (Razom, its units, the ministry, the platform). */
export const ACTORS = {
  ngo_admin: 'admin@razom.demo',
  supervisor: 'supervisor@razom.demo',
  case_manager: 'manager1@razom.demo',
  unit_contact: 'unit1@army.demo',
  ministry_coordinator: 'coordinator@minsoc.demo',
  platform_operator: 'operator@pilot.demo',
} as const;
export type ActorRole = keyof typeof ACTORS;

/** Ids that belong to the other provider (Nadiya); features add theirs. */
export interface OtherTenant {
  providerId: string;
  staffUserId: string;
  invitedUserId: string;
  /** A signed-in session of the other provider's staff member. */
  sessionId: string;
  /** Their unit (А3456), its assignment, and a referral of it still waiting for a decision. */
  unitId: string;
  assignmentId: string;
  referralId: string;
  /** A notification of one of their staff. */
  notificationId: string;
  /** Wave 1 (ministry data, holding their unit too). */
  waveId: string;
  /** Strings that must never appear in an answer to a home-side actor. */
  sentinels: string[];
  /** The other provider's case records (demo fixtures). */
  cases: typeof DEMO_CASE_IDS.nadiya & { noteId: string; measureId: string; transferId: string; documentId: string };
  /**
   * The coordination centre the other provider is a member of (and the home provider is not),
   * with one of each of its rows. Ministry data: the coordinator manages it by design.
   */
  centre: { id: string; memberId: string; meetingId: string; issueId: string; instructionId: string; workPlanItemId: string };
}

export async function otherTenant(t: TestApp): Promise<OtherTenant> {
  const staff = await t.sql<{ id: string; email: string }>(
    `select u.id, u.email from user_account u join membership m on m.user_id = u.id where m.provider_id = $1`, [DEMO_IDS.nadiya]);
  // One pending invitation on the other side, to aim resend-invitation at.
  const [invited] = await t.sql<{ id: string }>(
    `with u as (insert into user_account (id, email, full_name, status) values (gen_random_uuid(), 'pending@nadiya.demo', 'Очікує Запрошення', 'invited') returning id)
     insert into membership (id, user_id, provider_id, roles) select gen_random_uuid(), id, $1, '{case_manager}' from u returning user_id as id`,
    [DEMO_IDS.nadiya]);
  await t.token('manager1@nadiya.demo');
  const [session] = await t.sql<{ id: string }>(
    `select s.id from auth_session s join user_account u on u.id = s.user_id where u.email = 'manager1@nadiya.demo' and s.revoked_at is null limit 1`);
  // The other provider's Stripe customer: no route may show it to anyone on the home side.
  await t.sql(`update billing_account set stripe_customer_id = 'cus_nadiyasentinel', stripe_subscription_id = 'sub_nadiyasentinel',
                 subscription_status = 'active', seat_quantity = 4 where provider_id = $1`, [DEMO_IDS.nadiya]);
  const people = await t.sql<{ full_name: string; rnokpp: string | null; phones: string[] }>(
    `select full_name, rnokpp, phones from beneficiary where provider_id = $1`, [DEMO_IDS.nadiya]);
  const [note] = await t.sql<{ id: string }>(`select id from case_note where provider_id = $1 limit 1`, [DEMO_IDS.nadiya]);
  const [measure] = await t.sql<{ id: string }>(`select id from measure where code = 'M08'`);
  // A transfer between the other provider and a third one: the home side is party to neither end.
  const [third] = await t.sql<{ id: string }>(
    `insert into provider (id, name, edrpou, oblast_code, contact_email, contact_phone, accreditation_status)
     values (gen_random_uuid(), 'ГО «Третя»', '00000019', 'UA63000000000041885', 'info@third.demo', '+380501112233', 'accredited') returning id`);
  const [transfer] = await t.sql<{ id: string }>(
    `insert into case_transfer (id, from_provider_id, to_provider_id, from_case_id, consent_id, reason, summary, data_categories, requested_by)
     values (gen_random_uuid(), $1, $2, $3, $4, 'Переїзд', '{"beneficiaryName":"Лук’яненко Ніна Петрівна","birthYear":1965,"categories":["family_of_fallen"],"fromProvider":"БФ «Надія»"}', '{identity}', $5)
     returning id`, [DEMO_IDS.nadiya, third!.id, DEMO_CASE_IDS.nadiya.fallenCase, DEMO_CASE_IDS.nadiya.powConsent, staff[0]!.id]);
  const [document] = await t.sql<{ id: string }>(
    `insert into case_document (id, provider_id, case_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
     values (gen_random_uuid(), $1, $2, 'довідка.pdf', 'application/pdf', 10, 'x', $4, $3) returning id`,
    [DEMO_IDS.nadiya, DEMO_CASE_IDS.nadiya.powCase, staff[0]!.id, `${DEMO_IDS.nadiya}/${randomUUID()}`]);
  const unitId = DEMO_IDS.units[2];
  const [assignment] = await t.sql<{ id: string }>(`select id from unit_assignment where unit_id = $1`, [unitId]);
  const referrals = await t.sql<{ id: string; status: string; person_name: string; person_phone: string; needs: string }>(
    `select id, status, person_name, person_phone, needs from referral where provider_id = $1`, [DEMO_IDS.nadiya]);
  const [notification] = await t.sql<{ id: string }>(
    `insert into notification (id, user_id, kind, title, body) select gen_random_uuid(), u.id, 'referral.new', 'Нове направлення', 'Лише для Надії'
       from user_account u where u.email = 'supervisor@nadiya.demo' returning id`);
  const [wave] = await t.sql<{ id: string }>(`select wave_id as id from pilot_wave_unit where unit_id = $1`, [unitId]);
  const [centre] = await t.sql<OtherTenant['centre']>(
    `select c.id, (select id from centre_member where centre_id = c.id and provider_id is null order by full_name limit 1) as "memberId",
            m.id as "meetingId", i.id as "issueId", (select id from instruction where issue_id = i.id order by due_date limit 1) as "instructionId",
            (select id from work_plan_item where centre_id = c.id limit 1) as "workPlanItemId"
       from coordination_centre c join meeting m on m.centre_id = c.id join meeting_issue i on i.meeting_id = m.id
      where c.id = $1`, [DEMO_CENTRES.lviv]);
  return {
    centre: centre!,
    sessionId: session!.id,
    providerId: DEMO_IDS.nadiya,
    cases: { ...DEMO_CASE_IDS.nadiya, noteId: note!.id, measureId: measure!.id, transferId: transfer!.id, documentId: document!.id },
    staffUserId: staff.find((s) => s.email === 'manager1@nadiya.demo')!.id,
    invitedUserId: invited!.id,
    unitId,
    assignmentId: assignment!.id,
    referralId: referrals.find((r) => r.status === 'submitted')!.id,
    notificationId: notification!.id,
    waveId: wave!.id,
    sentinels: [
      ...staff.flatMap((s) => [s.id, s.email]), invited!.id, 'pending@nadiya.demo', 'cus_nadiyasentinel', 'sub_nadiyasentinel',
      ...people.flatMap((p) => [p.full_name, ...p.phones, ...(p.rnokpp ? [p.rnokpp, decrypt(t.config.keyring, p.rnokpp)] : [])]),
      ...Object.values(DEMO_CASE_IDS.nadiya), transfer!.id, 'Лук’яненко Ніна Петрівна', document!.id,
      ...referrals.flatMap((r) => [r.id, r.person_name, r.person_phone, r.needs]), notification!.id, 'Лише для Надії',
    ],
  };
}

/**
 * A fingerprint of everything the other provider owns, taken as the owner (no RLS): if any
 * request by a home-side actor changed one of their rows, it changes. (The provider row itself
 * is platform data the operator may edit.)
 */
export async function fingerprint(t: TestApp, providerId: string): Promise<string> {
  const [row] = await t.sql<{ f: string }>(
    `select md5(string_agg(x, '|' order by x)) as f from (
       select row(m.*)::text as x from membership m where m.provider_id = $1
       union all select row(u.id, u.email, u.full_name, u.phone, u.status, u.password_hash, u.version, u.totp_secret, u.totp_enabled_at)::text
         from user_account u join membership m on m.user_id = u.id where m.provider_id = $1
       union all select row(s.id, s.revoked_at)::text
         from auth_session s join membership m on m.user_id = s.user_id where m.provider_id = $1
       -- Billing as the provider and Stripe know it (the pilot columns are the platform's to edit).
       union all select row(b.provider_id, b.stripe_customer_id, b.stripe_subscription_id, b.subscription_status, b.seat_quantity,
           b.past_due_since, b.cancel_at_period_end)::text from billing_account b where b.provider_id = $1
       union all select row(x.*)::text from beneficiary x where x.provider_id = $1
       union all select row(x.*)::text from family_link x where x.provider_id = $1
       union all select row(x.*)::text from consent x where x.provider_id = $1
       union all select row(x.*)::text from support_case x where x.provider_id = $1
       union all select row(x.*)::text from case_event x where x.provider_id = $1
       union all select row(x.*)::text from assessment x where x.provider_id = $1
       union all select row(x.*)::text from support_plan x where x.provider_id = $1
       union all select row(x.*)::text from plan_step x where x.provider_id = $1
       union all select row(x.*)::text from service_delivery x where x.provider_id = $1
       union all select row(x.*)::text from case_note x where x.provider_id = $1
       union all select row(x.*)::text from case_document x where x.provider_id = $1
       union all select row(x.*)::text from case_transfer x where x.from_provider_id = $1 or x.to_provider_id = $1
       union all select row(r.*)::text from referral r where r.provider_id = $1
       union all select row(e.*)::text from referral_event e where e.provider_id = $1
       union all select row(d.*)::text from referral_deadline d where d.provider_id = $1
       union all select row(i.*)::text from intake_pause i where i.provider_id = $1
       union all select row(n.*)::text from notification n join membership m on m.user_id = n.user_id where m.provider_id = $1
     ) rows`, [providerId]);
  return row!.f;
}
