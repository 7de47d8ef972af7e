import { edrpouCheckDigit, PERMISSIONS, type Action, type Role } from '@pilot/domain';
import { encrypt } from '../../apps/api/src/lib/crypto.ts';
import { DEMO_IDS, DEMO_PASSWORD, DEMO_TOTP_SECRET, type TestApp } from '../../apps/api/test/harness.ts';
import { DEMO_CENTRES, DEMO_KYIV } from '../../apps/api/src/seeders/ministry.ts';
import { ACTORS } from '../isolation/fixtures.ts';

/**
 * What the behaviour pass of the fuzz suite needs to reach an operation's handler: a role that
 * may call it (from the `x-access` the OpenAPI document gives each operation and the
 * permission table), ids that exist for that role (looked up as the database owner just
 * before the request, so they follow what earlier requests changed), and, for the few
 * operations a body valid by its schema cannot succeed by construction, a hand-written part.
 */

/** Among the roles a permission allows, the one acting: the role whose own work it is first. */
const PREFERENCE: Role[] = ['case_manager', 'unit_contact', 'supervisor', 'ngo_admin', 'ministry_coordinator', 'platform_operator'];

export function actorFor(access: string | undefined): string | null {
  if (!access) return null;
  const allowed: readonly Role[] = PERMISSIONS[access as Action];
  const role = PREFERENCE.find((r) => allowed.includes(r));
  return role ? ACTORS[role as keyof typeof ACTORS] : null;
}

/** Operations that end the actor's session or take away what later operations stand on: they run last. */
export const LAST = [
  'POST /api/v1/consents/{id}/withdraw',
  'POST /api/v1/me/sessions/revoke-others',
  'DELETE /api/v1/me/sessions/{id}',
  'POST /api/v1/auth/logout',
  'DELETE /api/v1/waves/{id}/units/{unitId}',
  'DELETE /api/v1/coordination/members/{id}',
  'POST /api/v1/beneficiaries/{id}/merge',
  'POST /api/v1/beneficiaries/{id}/anonymise',
  'POST /api/v1/assignments/{id}/end',
];

/** Operations no test can bring to a 2xx, each with the reason; they count as misses. */
export const UNREACHABLE: Record<string, string> = {};

type Sql = TestApp['sql'];
const col = async (sql: Sql, text: string, params: unknown[] = []) => (await sql<{ id: string }>(text, params)).map((r) => r.id);
const userId = async (sql: Sql, email: string) => (await col(sql, `select id from user_account where email = $1`, [email]))[0]!;

/** Open cases of the case manager acting (manager1): their caseload. */
const caseload = (sql: Sql, status = `c.status <> 'closed'`) => col(sql,
  `select c.id from support_case c join user_account u on u.id = c.assignee_id
    where u.email = $1 and ${status} order by c.id`, [ACTORS.case_manager]);

/**
 * Ids for a path parameter, per resource (the path up to the parameter) and operation, as the
 * acting role may use them. An empty answer leaves the generated value (and the op a miss).
 */
export async function pathIds(t: TestApp, op: string, param: string, url: string): Promise<string[]> {
  const sql = t.sql;
  const resource = url.slice(0, url.indexOf(`{${param}}`));
  switch (resource) {
    case '/api/v1/staff/': {
      if (op.endsWith('resend-invitation')) {
        const invited = await col(sql, `select u.id from user_account u join membership m on m.user_id = u.id where m.provider_id = $1 and u.status = 'invited' order by u.id`, [DEMO_IDS.razom]);
        if (invited.length) return invited;
        return col(sql, `with u as (insert into user_account (id, email, full_name, status) values (gen_random_uuid(), 'invited-fuzz@razom.demo', 'Запрошена Людина', 'invited') returning id)
          insert into membership (id, user_id, provider_id, roles) select gen_random_uuid(), id, $1, '{case_manager}' from u returning user_id as id`, [DEMO_IDS.razom]);
      }
      // Never one of the acting users: their sessions and roles carry the rest of the run.
      return col(sql, `select u.id from user_account u join membership m on m.user_id = u.id where m.provider_id = $1 and u.email <> all($2) order by u.email`,
        [DEMO_IDS.razom, Object.values(ACTORS)]);
    }
    case '/api/v1/providers/':
      // A decision on accreditation is taken on the newest provider, not on the one acting below.
      if (op === 'POST /api/v1/providers/{id}/accreditation') return col(sql, `select id from provider where id not in ($1, $2) order by created_at desc, id`, [DEMO_IDS.razom, DEMO_IDS.nadiya]);
      return [DEMO_IDS.razom];
    case '/api/v1/billing/providers/':
      // Changing a pilot plan on Razom would restrict the provider acting in the rest of the run.
      if (op.endsWith('/pilot')) return col(sql, `select id from provider where id not in ($1, $2) order by created_at desc, id`, [DEMO_IDS.razom, DEMO_IDS.nadiya]);
      return [DEMO_IDS.razom];
    case '/api/v1/me/sessions/': {
      // Another session of the actor's own: signing in again opens one.
      await t.login(ACTORS.case_manager);
      return col(sql, `select s.id from auth_session s join user_account u on u.id = s.user_id where u.email = $1 and s.revoked_at is null order by s.created_at desc limit 1`, [ACTORS.case_manager]);
    }
    case '/api/v1/catalogue/measures/': return col(sql, `select id from measure where retired_at is null order by created_at, code`);
    case '/api/v1/catalogue/playbooks/': return col(sql, `select id from playbook where retired_at is null order by created_at, code`);
    case '/api/v1/cases/':
      if (op.endsWith('/reopen')) {
        // Reopening needs a closed case: when the run closed none, the case manager closes an active one.
        const closed = await caseload(sql, `c.status = 'closed'`);
        if (closed.length) return closed;
        const [active] = await sql<{ id: string; version: number }>(`select c.id, c.version from support_case c join user_account u on u.id = c.assignee_id
          where u.email = $1 and c.status = 'active' order by c.id limit 1`, [ACTORS.case_manager]);
        if (active) await t.as(ACTORS.case_manager, { method: 'POST', url: `/api/v1/cases/${active.id}/status`, payload: { status: 'closed', outcome: 'goals_met', version: active.version } });
        return caseload(sql, `c.status = 'closed'`);
      }
      if (op.includes('transfers') || op.includes('/assign')) return col(sql, `select id from support_case where provider_id = $1 and status <> 'closed' order by id`, [DEMO_IDS.razom]);
      if (op.startsWith('GET') || op.endsWith('/consents') || op.endsWith('/status')) return caseload(sql);
      {
        // Work on a case needs the person's consent: cases with one, when there are any.
        const consented = await caseload(sql, `c.status <> 'closed' and exists (select 1 from consent k where k.beneficiary_id = c.beneficiary_id
          and k.withdrawn_on is null and 'case_management' = any(k.purposes) and (k.expires_on is null or k.expires_on >= current_date) and k.given_on <= current_date)`);
        return consented.length ? consented : caseload(sql);
      }
    case '/api/v1/beneficiaries/':
      if (op.endsWith('/merge') || op.endsWith('/anonymise') || op.endsWith('/export')) {
        return col(sql, `select id from beneficiary where provider_id = $1 and merged_into_id is null and anonymised_at is null order by id`, [DEMO_IDS.razom]);
      }
      return col(sql, `select b.id from beneficiary b join support_case c on c.beneficiary_id = b.id join user_account u on u.id = c.assignee_id
                        where u.email = $1 and b.anonymised_at is null and b.merged_into_id is null order by b.id`, [ACTORS.case_manager]);
    case '/api/v1/consents/':
      return col(sql, `select k.id from consent k join support_case c on c.beneficiary_id = k.beneficiary_id join user_account u on u.id = c.assignee_id
                        where u.email = $1 and k.withdrawn_on is null order by k.id`, [ACTORS.case_manager]);
    case '/api/v1/plan-steps/':
      return col(sql, `select s.id from plan_step s join support_case c on c.id = s.case_id join user_account u on u.id = c.assignee_id
                        where u.email = $1 and s.status in ('planned', 'in_progress') and c.status <> 'closed' order by s.id`, [ACTORS.case_manager]);
    case '/api/v1/transfers/': {
      const waiting = `select id from case_transfer where to_provider_id = $1 and status = 'requested' order by requested_at, id`;
      const open = await col(sql, waiting, [DEMO_IDS.razom]);
      if (open.length) return open;
      await incomingTransfer(t);
      return col(sql, waiting, [DEMO_IDS.razom]);
    }
    case '/api/v1/documents/':
      return col(sql, `select d.id from case_document d join support_case c on c.id = d.case_id join user_account u on u.id = c.assignee_id where u.email = $1 order by d.created_at desc`, [ACTORS.case_manager]);
    case '/api/v1/notifications/': {
      const mine = `select n.id from notification n join user_account u on u.id = n.user_id where u.email = $1 and n.read_at is null order by n.id`;
      const unread = await col(sql, mine, [ACTORS.case_manager]);
      if (unread.length) return unread;
      await sql(`insert into notification (id, user_id, kind, title, body) select gen_random_uuid(), id, 'referral.new', 'Нове направлення', 'Перевірка' from user_account where email = $1`, [ACTORS.case_manager]);
      return col(sql, mine, [ACTORS.case_manager]);
    }
    case '/api/v1/units/':
      // The ministry changes units the run made (a demo unit made inactive or reassigned stops the unit contact's referrals)…
      if (op === 'PATCH /api/v1/units/{id}' || op === 'POST /api/v1/units/{id}/assignments') {
        const made = await col(sql, `select id from military_unit u where not exists (select 1 from unit_assignment a where a.unit_id = u.id and a.ended_at is null)
                                      and id <> all($1) order by created_at desc, id`, [DEMO_IDS.units]);
        if (made.length) return made;
      }
      // …and the supervisor reads units its provider serves.
      return col(sql, `select distinct a.unit_id as id from unit_assignment a where a.provider_id = $1 and a.ended_at is null order by 1`, [DEMO_IDS.razom]);
    case '/api/v1/assignments/': return col(sql, `select id from unit_assignment where provider_id = $1 and ended_at is null and ends_on is null order by starts_on desc, id`, [DEMO_IDS.razom]);
    case '/api/v1/waves/':
      if (op.includes('{unitId}')) return col(sql, `select distinct wave_id as id from pilot_wave_unit order by 1`);
      return col(sql, `select id from pilot_wave order by starts_on, id`);
    case '/api/v1/holidays/': {
      const days = `select to_char(day, 'YYYY-MM-DD') as id from holiday order by day`;
      const have = await col(sql, days);
      if (have.length) return have;
      await sql(`insert into holiday (day, name) values ('2026-08-24', 'День Незалежності')`);
      return col(sql, days);
    }
    case '/api/v1/my-unit/referrals/':
      if (op.endsWith('/withdraw')) return col(sql, `select r.id from referral r join user_account u on u.id = r.referred_by where u.email = $1 and r.status = 'submitted' order by r.submitted_at desc, r.id`, [ACTORS.unit_contact]);
      return col(sql, `select r.id from referral r join user_account u on u.id = r.referred_by where u.email = $1 order by r.id`, [ACTORS.unit_contact]);
    case '/api/v1/referrals/':
      // A case manager reads the referrals of their own cases; the supervisor decides the waiting ones.
      if (op === 'GET /api/v1/referrals/{id}') return col(sql, `select r.id from referral r join user_account u on u.id = r.case_manager_id where u.email = $1 order by r.id`, [ACTORS.case_manager]);
      if ((await col(sql, `select id from referral where provider_id = $1 and status = 'submitted'`, [DEMO_IDS.razom])).length === 0) await submitReferral(t);
      return col(sql, `select id from referral where provider_id = $1 and status = 'submitted' order by submitted_at desc, id`, [DEMO_IDS.razom]);
    case '/api/v1/coordination/centres/': return [DEMO_CENTRES.kyiv];
    case '/api/v1/coordination/members/': return col(sql, `select id from centre_member where centre_id = $1 and removed_at is null and provider_id is null order by full_name, id`, [DEMO_CENTRES.kyiv]);
    case '/api/v1/coordination/meetings/': return col(sql, `select id from meeting where centre_id = $1 order by held_on, id`, [DEMO_CENTRES.kyiv]);
    case '/api/v1/coordination/issues/': return col(sql, `select id from meeting_issue where centre_id = $1 order by position, id`, [DEMO_CENTRES.kyiv]);
    case '/api/v1/coordination/instructions/':
      // Razom's admin reports on what is assigned to Razom; the ministry edits any.
      return col(sql, `select id from instruction where centre_id = $1 and assignee_provider_id = $2 and status in ('open', $3) order by due_date, id`,
        [DEMO_CENTRES.kyiv, DEMO_IDS.razom, op.endsWith('/status') ? 'open' : 'in_progress']);
    case '/api/v1/coordination/work-plan/': return [DEMO_KYIV.planItem];
    case '/api/v1/auth/invitations/': return [await invitationToken(t)];
  }
  if (param === 'unitId') {
    const wave = url.match(/waves\/([^/]+)/)?.[1];
    return col(sql, `select unit_id as id from pilot_wave_unit where wave_id = $1 order by unit_id`, [wave]);
  }
  return [];
}

/**
 * An incoming transfer waiting for Razom's decision, made the way the other provider makes one:
 * a new person's case with consent to transfer, then the request (its people are not among the
 * sentinels, which are the other provider's people before the run).
 */
let transferred = 0;
async function incomingTransfer(t: TestApp) {
  const manager = 'manager1@nadiya.demo';
  const created = await t.as(manager, { method: 'POST', url: '/api/v1/cases', payload: {
    beneficiary: { lastName: 'Переведена', firstName: `Особа${++transferred}`, birthDate: '1990-01-01', phones: ['+380671110000'] },
    categories: ['serving'], confirmNew: true,
    consent: { method: 'written', givenOn: new Date().toISOString().slice(0, 10), purposes: ['case_management', 'transfer'],
      recipients: [{ providerId: DEMO_IDS.razom, organisation: 'Разом', dataCategories: ['identity', 'contacts'] }] },
  } });
  if (created.statusCode !== 201) throw new Error(`incoming transfer: case ${created.statusCode} ${created.body}`);
  const sent = await t.as('supervisor@nadiya.demo', { method: 'POST', url: `/api/v1/cases/${created.json().caseId}/transfers`, payload: { toProviderId: DEMO_IDS.razom, reason: 'Переїзд' } });
  if (sent.statusCode >= 300) throw new Error(`incoming transfer: ${sent.statusCode} ${sent.body}`);
}

/** A referral waiting for Razom's decision, sent the way a unit contact sends one. */
async function submitReferral(t: TestApp) {
  const res = await t.as(ACTORS.unit_contact, { method: 'POST', url: '/api/v1/my-unit/referrals', payload: {
    subject: 'family_member', person: { lastName: 'Направлена', firstName: 'Особа', phone: '+380671112233', relation: 'spouse' },
    serviceMember: { fullName: 'Направлений Військовий', status: 'serving' }, categories: ['serving'], needs: 'Потрібна допомога з документами', urgency: 'normal', consent: { given: true, method: 'written' },
  } });
  if (res.statusCode !== 201) throw new Error(`referral: ${res.statusCode} ${res.body}`);
}

/** A real invitation: the admin invites someone, and the token is read from the email sent. */
let invited = 0;
async function invitationToken(t: TestApp): Promise<string> {
  const email = `invited-${++invited}@razom.demo`;
  await t.as(ACTORS.ngo_admin, { method: 'POST', url: '/api/v1/staff', payload: { email, fullName: 'Запрошена Людина', roles: ['case_manager'] } });
  const [mail] = await t.mailsTo(email);
  return mail?.text.match(/\/invite\/([\w-]+)/)?.[1] ?? 'missing';
}

/** The current version of the row an operation changes (optimistic locking), by path resource. */
const VERSIONED: Record<string, string> = {
  '/api/v1/cases/': 'support_case', '/api/v1/beneficiaries/': 'beneficiary', '/api/v1/consents/': 'consent', '/api/v1/plan-steps/': 'plan_step',
};

/**
 * Body fields that name rows: filled with rows that exist for the acting role. Fields absent
 * from the generated body stay absent (optional ones are left to chance).
 */
async function bodyIds(t: TestApp, op: string, url: string, body: Record<string, unknown>) {
  const sql = t.sql;
  const first = async (text: string, params: unknown[] = []) => (await col(sql, text, params))[0];
  const manager = await userId(sql, ACTORS.case_manager);
  const fill: Record<string, () => Promise<unknown>> = {
    // The catalogue's own entries (in force today), not ones the run added with a later start.
    measureId: () => first(`select id from measure where retired_at is null order by created_at, code`),
    playbookIds: async () => [await first(`select id from playbook where retired_at is null order by created_at, code`)],
    ownerId: async () => manager,
    assigneeId: async () => manager,
    caseManagerId: async () => manager,
    beneficiaryId: async () => undefined,
    relativeId: async () => undefined,
    planStepId: async () => undefined,
    providerId: async () => DEMO_IDS.razom,
    toProviderId: async () => DEMO_IDS.nadiya,
    duplicateId: () => first(`select id from beneficiary where provider_id = $1 and merged_into_id is null and anonymised_at is null and id <> $2 order by id desc`, [DEMO_IDS.razom, url.split('/')[4]]),
    unitId: () => first(`select id from military_unit where id not in (select unit_id from pilot_wave_unit) order by created_at desc, id`),
    itemId: async () => DEMO_KYIV.planItem,
    attendeeIds: () => col(sql, `select id from centre_member where centre_id = $1 and removed_at is null order by id limit 2`, [DEMO_CENTRES.kyiv]),
    assigneeMemberId: () => first(`select id from centre_member where centre_id = $1 and removed_at is null order by id`, [DEMO_CENTRES.kyiv]),
    escalationRecipientIds: async () => [await userId(sql, ACTORS.ministry_coordinator)],
  };
  for (const [key, get] of Object.entries(fill)) {
    if (!(key in body)) continue;
    const value = await get();
    if (value === undefined) delete body[key];
    else body[key] = value;
  }
  if ('version' in body) {
    const table = Object.entries(VERSIONED).find(([prefix]) => url.startsWith(prefix))?.[1];
    const id = url.split('/')[4];
    if (table) body.version = (await sql<{ version: number }>(`select version from ${table} where id = $1`, [id]))[0]?.version ?? body.version;
    if (op === 'POST /api/v1/cases/{id}/plan/playbooks') delete body.version;
  }
  // Nested: a consent's recipients name the other provider; playbook steps name catalogue measures.
  const codes = await col(sql, `select code as id from measure where retired_at is null order by created_at, code`);
  const walk = (v: unknown, depth: number): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, depth));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (depth > 0 && 'providerId' in o) o.providerId = DEMO_IDS.nadiya;
      if ('measureCode' in o) o.measureCode = codes[0];
      Object.values(o).forEach((x) => walk(x, depth + 1));
    }
  };
  walk(body, 0);
  for (const key of ['password', 'currentPassword']) if (key in body) body[key] = DEMO_PASSWORD;
  if ('code' in body && op.startsWith('POST /api/v1/me/mfa/')) body.code = t.totpCode();
}

export interface Prepared {
  actor: string | null;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  /** Puts back what the request changed that later operations stand on. */
  after?: () => Promise<void>;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Hand-written parts, only where a body valid by its schema cannot succeed by construction:
 * it needs a secret (a password, a one-time token, a Stripe signature), a row in a particular
 * state, or a value unique in the database. Each says why.
 */
const OVERRIDES: Record<string, (t: TestApp, p: Prepared, ctx: Ctx) => Promise<void> | void> = {
  // Needs an account that exists and its password.
  'POST /api/v1/auth/login': (_t, p) => { p.payload = { email: ACTORS.case_manager, password: DEMO_PASSWORD }; },
  // Needs the challenge of a first sign-in step of an account with two-factor on.
  'POST /api/v1/auth/login/mfa': async (t, p) => {
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ACTORS.ngo_admin, password: DEMO_PASSWORD } });
    p.payload = { mfaToken: first.json().mfaToken, code: t.totpCode() };
  },
  // Needs the refresh cookie of a session.
  'POST /api/v1/auth/refresh': async (t, p) => {
    const res = await t.login(ACTORS.case_manager);
    p.cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
  },
  // Needs the one-time token mailed for a reset; the password is put back afterwards.
  'POST /api/v1/auth/password-reset/confirm': async (t, p, ctx) => {
    const email = 'manager2@razom.demo';
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
    const mails = await t.mailsTo(email);
    const token = mails.at(-1)?.text.match(/\/reset[\w-]*\/([\w-]+)|token=([\w-]+)/);
    p.payload = { token: token?.[1] ?? token?.[2] ?? 'missing', password: `Fuzz-${ctx.run}-довгий-пароль` };
    p.after = restorePassword(t, email);
  },
  // Needs the one-time token of an invitation: the admin invites someone, the token comes from the email.
  'POST /api/v1/auth/invitations/accept': async (t, p, ctx) => {
    p.payload = { token: await invitationToken(t), password: `Fuzz-${ctx.run}-довгий-пароль` };
  },
  // Changes the actor's password: put back afterwards so the run can sign in again.
  'POST /api/v1/me/password': (t, p, ctx) => {
    p.payload = { currentPassword: DEMO_PASSWORD, newPassword: `Fuzz-${ctx.run}-довгий-пароль` };
    p.after = restorePassword(t, ACTORS.case_manager);
  },
  // The code must come from the secret just set up: the demo authenticator's, so the harness can make codes.
  'POST /api/v1/me/mfa/enable': async (t, p) => {
    await t.as(ACTORS.case_manager, { method: 'POST', url: '/api/v1/me/mfa/setup' });
    await t.sql(`update user_account set totp_pending_secret = $2 where email = $1`, [ACTORS.case_manager, encrypt(t.config.keyring, DEMO_TOTP_SECRET)]);
    p.payload = { code: t.totpCode() };
  },
  // A Stripe event signed with the webhook secret, as Stripe sends it.
  'POST /api/v1/billing/webhook': (_t, p, ctx) => {
    if (!ctx.signWebhook) return;
    const payload = JSON.stringify({ id: `evt_fuzz${ctx.run}`, object: 'event', type: 'invoice.paid', created: Math.floor(Date.now() / 1000), api_version: '2024-06-20', livemode: false, pending_webhooks: 0,
      request: { id: null, idempotency_key: null }, data: { object: { id: `in_fuzz${ctx.run}`, object: 'invoice', customer: 'cus_unknown', subscription: null, status: 'paid' } } });
    p.payload = payload;
    p.headers = { 'content-type': 'application/json', 'stripe-signature': ctx.signWebhook(payload) };
  },
  // Unique in the database: a unit code, a provider's EDRPOU and admin, a measure or playbook code, a holiday, a centre's oblast.
  'POST /api/v1/providers': (_t, p, ctx) => {
    const b = p.payload as Record<string, any>;
    const seven = String(2_000_000 + ctx.seq * 13 + ctx.run);
    b.edrpou = `${seven}${edrpouCheckDigit(seven)}`;
    b.admin = { ...b.admin, email: `admin-${ctx.seq}-${ctx.run}@fuzz.demo` };
  },
  'POST /api/v1/units': (_t, p, ctx) => { (p.payload as Record<string, unknown>).code = `А${String((5000 + ctx.seq) % 10_000).padStart(4, '0')}`; },
  'POST /api/v1/holidays': (_t, p, ctx) => { (p.payload as Record<string, unknown>).date = new Date(Date.UTC(2027, 0, 1) + ctx.run * 86_400_000).toISOString().slice(0, 10); },
  'POST /api/v1/catalogue/measures': (_t, p, ctx) => { Object.assign(p.payload as object, { code: `M${100 + (ctx.run % 900)}`, validFrom: today() }); },
  // A transition needs the case in a state that allows it: the next one from where the case is.
  'POST /api/v1/cases/{id}/status': async (t, p) => {
    const [c] = await t.sql<{ status: string }>(`select status from support_case where id = $1`, [p.url.split('/')[4]]);
    const next = ({ intake: 'assessment', assessment: 'active', active: 'closed' } as Record<string, string>)[c?.status ?? ''] ?? 'active';
    const b = p.payload as Record<string, unknown>;
    b.status = next;
    if (next === 'closed') b.outcome = 'goals_met';
    else delete b.outcome;
  },
  // Accrediting needs a decision date not in the future and a period that ends after it starts.
  'POST /api/v1/providers/{id}/accreditation': (_t, p, ctx) => {
    p.payload = { action: 'accredit', decisionNumber: `Н-${ctx.run}`, decisionDate: today(), validFrom: today(), validUntil: '2029-12-31' };
  },
  // The one transition a report does not gate: open → in progress (done needs an execution report first).
  'POST /api/v1/coordination/instructions/{id}/status': (_t, p) => { p.payload = { status: 'in_progress' }; },
  // Retiring starts after the newest version (the run adds versions dated up to three days ahead).
  'POST /api/v1/catalogue/measures/{id}/retire': (_t, p) => { p.payload = { from: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10) }; },
  'POST /api/v1/catalogue/playbooks/{id}/retire': (_t, p) => { p.payload = { from: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10) }; },
  // Checkout is for a provider without the pilot plan: Razom goes without it for the request, then gets it back.
  'POST /api/v1/billing/checkout': async (t, p) => {
    const [b] = await t.sql<{ sponsored: boolean; pilot_seat_limit: number | null }>(`select sponsored, pilot_seat_limit from billing_account where provider_id = $1`, [DEMO_IDS.razom]);
    await t.sql(`update billing_account set sponsored = false, pilot_seat_limit = null where provider_id = $1`, [DEMO_IDS.razom]);
    p.after = async () => {
      await t.sql(`update billing_account set sponsored = $2, pilot_seat_limit = $3 where provider_id = $1`, [DEMO_IDS.razom, b!.sponsored, b!.pilot_seat_limit]);
    };
  },
  // A transfer needs the person's consent to transfer to the receiving provider.
  'POST /api/v1/cases/{id}/transfers': async (t, p) => {
    const [c] = await t.sql<{ beneficiary_id: string; email: string }>(
      `select c.beneficiary_id, u.email from support_case c join user_account u on u.id = c.assignee_id where c.id = $1`, [p.url.split('/')[4]]);
    if (!c) return;
    await t.as(c.email, { method: 'POST', url: `/api/v1/beneficiaries/${c.beneficiary_id}/consents`, payload: {
      method: 'written', givenOn: new Date().toISOString().slice(0, 10), purposes: ['case_management', 'transfer'],
      recipients: [{ providerId: DEMO_IDS.nadiya, organisation: 'Надія', dataCategories: ['identity', 'contacts'] }] } });
  },
  // A file, as multipart/form-data.
  'POST /api/v1/cases/{id}/documents': (_t, p, ctx) => {
    const boundary = `fuzz${ctx.seq}`;
    p.headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    p.payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dovidka-${ctx.run}.txt"\r\nContent-Type: text/plain\r\n\r\nДовідка ${ctx.run}\r\n--${boundary}--\r\n`;
  },
  // Another unit contact, with an address nobody has yet.
  'POST /api/v1/units/{id}/contacts': (_t, p, ctx) => { (p.payload as Record<string, unknown>).email = `contact-${ctx.seq}-${ctx.run}@army.demo`; },
  'POST /api/v1/staff': (_t, p, ctx) => { (p.payload as Record<string, unknown>).email = `staff-${ctx.seq}-${ctx.run}@razom.demo`; },
};

export interface Ctx { run: number; seq: number; signWebhook?: (payload: string) => string }

function restorePassword(t: TestApp, email: string) {
  const saved = t.sql<{ password_hash: string }>(`select password_hash from user_account where email = $1`, [email]);
  return async () => {
    await t.sql(`update user_account set password_hash = $2 where email = $1`, [email, (await saved)[0]!.password_hash]);
  };
}

/** Query filters that name rows: rows the acting role has (a report node is the actor's provider). */
const QUERY_IDS: Record<string, string> = {
  node: `p:${DEMO_IDS.razom}`, providerId: DEMO_IDS.razom, unitId: DEMO_IDS.units[0], centreId: DEMO_CENTRES.kyiv,
};
export function queryIds(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, QUERY_IDS[k] ?? v]));
}

/** Fills in ids and the hand-written parts of one request of the behaviour pass. */
export async function prepare(t: TestApp, op: string, path: string, pathParams: string[], picks: number[], query: string, body: unknown, ctx: Ctx): Promise<Prepared> {
  let url = path;
  for (const [i, name] of pathParams.entries()) {
    const ids = await pathIds(t, op, name, url);
    url = url.replace(`{${name}}`, encodeURIComponent(ids.length ? ids[picks[i]! % ids.length]! : '00000000-0000-4000-8000-000000000000'));
  }
  const payload = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : body;
  if (payload && typeof payload === 'object') await bodyIds(t, op, url, payload as Record<string, unknown>);
  const p: Prepared = { actor: null, url: query ? `${url}?${query}` : url, payload };
  await OVERRIDES[op]?.(t, p, ctx);
  return p;
}

