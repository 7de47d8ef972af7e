/**
 * Case management services other features call: opening a case (intake and referrals), the
 * duplicate check, the case timeline, and the access rule on one case.
 */
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { deadlineRules } from '../units/calendar.ts';
import {
  consentState, nthWorkingDayAfter, type CaseCategory, type ConsentState,
} from '@pilot/domain';
import type { TBeneficiaryInput, TConsentCreate, TDuplicateCheck, TDuplicateMatch, TDuplicateResult } from '@pilot/contracts';
import { badRequest, conflict, forbidden, notFound, Problem, unprocessable } from '../../lib/problems.ts';
import type { Keyring } from '../../lib/crypto.ts';
import { rnokppIndex, sealRnokpp } from './pii.ts';
import { assertBillingAllows } from '../billing/guard.ts';
import { today } from '../../lib/clock.ts';
import { Beneficiary, CaseEvent, Consent, SupportCase, type IBeneficiary, type IConsent, type ISupportCase } from './entities.ts';

export type CaseSource =
  | { kind: 'intake' }
  | { kind: 'referral'; referralId: string }
  | { kind: 'reopen'; previousCaseId: string }
  | { kind: 'transfer'; transferId: string };

export interface OpenCaseInput {
  /** A new person, checked for duplicates before saving, or one the provider already knows. */
  beneficiary?: TBeneficiaryInput;
  beneficiaryId?: string;
  categories: CaseCategory[];
  assigneeId?: string | null;
  /** The user saw the possible duplicates and confirmed this is a different person. */
  confirmNew?: boolean;
  consent?: TConsentCreate;
  source: CaseSource;
}

/** Kinds of the case timeline other features may read (referrals show some to the unit contact). */
export const CASE_EVENT_KINDS = [
  'opened', 'status_changed', 'assigned', 'first_contact', 'contact', 'closed', 'reopened', 'consent_recorded',
  'assessment_recorded', 'plan_changed', 'delivery_recorded', 'transfer_requested', 'transfer_accepted',
  'transfer_declined', 'transferred_in', 'merged', 'document_uploaded',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

export const isSupervisor = (req: FastifyRequest) => Boolean(req.actor?.roles.includes('supervisor'));

export function recordEvent(req: FastifyRequest, c: Pick<ISupportCase, 'id' | 'providerId'>, kind: CaseEventKind, data: Record<string, unknown> | null = null) {
  req.em.create(CaseEvent, { providerId: c.providerId, caseId: c.id, kind, actorId: req.actor?.userId ?? null, data, at: req.server.clock() });
}

export function checkVersion(entity: { version: number }, version: number) {
  if (entity.version !== version) throw conflict('edit_conflict', 'Someone else changed this record; reload and try again');
}

/**
 * One case as the actor may see it: a supervisor sees the provider's whole caseload, a case
 * manager only the cases assigned to them; anything else is a 404, exactly like a missing id.
 * `write` also refuses a closed case (it is read-only).
 */
export async function loadCase(req: FastifyRequest, id: string, opts: { write?: boolean } = {}): Promise<ISupportCase> {
  const c = await req.em.findOne(SupportCase, { id });
  if (!c || (!isSupervisor(req) && c.assigneeId !== req.actor!.userId)) throw notFound();
  if (opts.write && c.status === 'closed') throw conflict('case_closed', 'The case is closed; reopen it to record more work');
  return c;
}

/** Whether the actor may see this person: a supervisor always, a case manager through a case assigned to them or their family. */
export async function canSeeBeneficiary(req: FastifyRequest, beneficiaryId: string): Promise<boolean> {
  if (isSupervisor(req)) return true;
  const rows = await req.em.execute(
    `select 1 from support_case c
      where c.provider_id = ? and c.assignee_id = ? and (c.beneficiary_id = ? or c.beneficiary_id in (
        select relative_id from family_link where provider_id = ? and member_id = ?
        union select member_id from family_link where provider_id = ? and relative_id = ?))
      limit 1`,
    [req.tenantId, req.actor!.userId, beneficiaryId, req.tenantId, beneficiaryId, req.tenantId, beneficiaryId],
  );
  return rows.length > 0;
}

/** The person behind an id in this provider, following merges (no access decision). */
async function resolveBeneficiary(req: FastifyRequest, id: string): Promise<{ person: IBeneficiary | null; resolvedFrom: string | null }> {
  let person = await req.em.findOne(Beneficiary, { id });
  let resolvedFrom: string | null = null;
  for (let hops = 0; person?.mergedIntoId && hops < 10; hops++) {
    resolvedFrom ??= person.id;
    person = await req.em.findOne(Beneficiary, { id: person.mergedIntoId });
  }
  return { person, resolvedFrom };
}

/** The person behind an id, following merges, when the actor may see them. */
export async function loadBeneficiary(req: FastifyRequest, id: string): Promise<{ person: IBeneficiary; resolvedFrom: string | null }> {
  const { person, resolvedFrom } = await resolveBeneficiary(req, id);
  if (!person || !(await canSeeBeneficiary(req, person.id))) throw notFound();
  return { person, resolvedFrom };
}

/**
 * Possible duplicates within one provider: the same RNOKPP, or a similar full name (pg_trgm)
 * with the same date of birth. Merged-away records are skipped.
 */
export async function findDuplicates(em: EntityManager, providerId: string, identity: TDuplicateCheck, keyring: Keyring): Promise<Omit<TDuplicateMatch, 'openCaseId'>[]> {
  const fullName = [identity.lastName, identity.firstName, identity.patronymic].filter(Boolean).join(' ');
  const rows = await em.execute<{ id: string; full_name: string; birth_date: string | null; reason: TDuplicateMatch['reason']; similarity: number }[]>(
    `select id, full_name, birth_date::text as birth_date, reason, similarity from (
       select id, full_name, birth_date, 'rnokpp' as reason, 1.0::real as similarity
         from beneficiary where provider_id = ? and rnokpp_index = ? and merged_into_id is null
       union all
       select id, full_name, birth_date, 'name_and_birth_date', similarity(full_name, ?)
         from beneficiary where provider_id = ? and birth_date = ?::date and merged_into_id is null
          and anonymised_at is null and similarity(full_name, ?) >= 0.45
     ) m order by reason desc, similarity desc limit 10`,
    [providerId, identity.rnokpp ? rnokppIndex(keyring, identity.rnokpp) : null, fullName, providerId, identity.birthDate ?? null, fullName],
  );
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map((r) => ({
    id: r.id, fullName: r.full_name, birthDate: r.birth_date, reason: r.reason, similarity: Math.round(Number(r.similarity) * 100) / 100,
  }));
}

/**
 * Duplicate matches the caller may see, each with the open case they may open instead, and
 * whether others were withheld. A case manager sees only people of their own caseload: the
 * check must not turn a typed-in name or RNOKPP into a lookup of anyone the provider serves.
 * `all` keeps every match's id for the audit log and the intake rules, never for the answer.
 */
export async function duplicateMatches(req: FastifyRequest, identity: TDuplicateCheck): Promise<TDuplicateResult & { all: Omit<TDuplicateMatch, 'openCaseId'>[] }> {
  const all = await findDuplicates(req.em, req.tenantId!, identity, req.server.config.keyring);
  const matches: TDuplicateMatch[] = [];
  for (const m of all) {
    if (!(await canSeeBeneficiary(req, m.id))) continue;
    const [open] = await req.em.execute<{ id: string }[]>(
      `select id from support_case where provider_id = ? and beneficiary_id = ? and status <> 'closed'
         and (? or assignee_id = ?) order by opened_at desc limit 1`,
      [req.tenantId, m.id, isSupervisor(req), req.actor!.userId],
    );
    matches.push({ ...m, openCaseId: open?.id ?? null });
  }
  return { matches, withheld: matches.length < all.length, all };
}

export function displayName(p: Pick<IBeneficiary, 'lastName' | 'firstName' | 'patronymic'>): string {
  return [p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ');
}

/** Saves a new person after the duplicate check: an RNOKPP already on file is refused, a similar person needs confirmation. */
export async function createBeneficiary(req: FastifyRequest, input: TBeneficiaryInput, confirmNew: boolean): Promise<IBeneficiary> {
  const { matches, withheld, all } = await duplicateMatches(req, input);
  const shown = { matches, withheld };
  if (all.some((m) => m.reason === 'rnokpp')) {
    throw new Problem(409, 'duplicate_rnokpp', withheld
      ? 'A person with this RNOKPP may already be on file: ask your supervisor'
      : 'A person with this RNOKPP is already on file: pick them instead', { extra: shown });
  }
  if (all.length && !confirmNew) {
    throw new Problem(409, 'possible_duplicate', 'Similar people are already on file: pick one or confirm this is someone else', { extra: shown });
  }
  await assertHromada(req, input);
  const person = req.em.create(Beneficiary, {
    ...input,
    patronymic: input.patronymic ?? null,
    birthDate: input.birthDate ?? null,
    sex: input.sex ?? null,
    ...sealRnokpp(req.server.config.keyring, input.rnokpp),
    email: input.email ?? null,
    oblastCode: input.oblastCode ?? null,
    hromadaCode: input.hromadaCode ?? null,
    address: input.address ?? null,
    militaryRank: input.militaryRank ?? null,
    unitCode: input.unitCode ?? null,
    militaryStatus: input.militaryStatus ?? null,
    providerId: req.tenantId!,
    createdBy: req.actor!.userId,
  });
  req.audit('beneficiary.create', 'beneficiary', person.id, all.length ? { confirmedDespite: all.map((m) => m.id) } : undefined);
  return person;
}

/** A hromada must exist and lie in the chosen oblast. */
export async function assertHromada(req: FastifyRequest, input: { oblastCode?: string | null; hromadaCode?: string | null }) {
  if (!input.hromadaCode) return;
  const [row] = await req.em.execute<{ oblast_code: string }[]>(`select oblast_code from hromada where code = ?`, [input.hromadaCode]);
  if (!row || (input.oblastCode && row.oblast_code !== input.oblastCode)) {
    throw unprocessable('invalid_hromada', 'The hromada is unknown or not in the chosen oblast', [{ path: 'body.hromadaCode', message: 'Unknown hromada for this oblast' }]);
  }
}

/** An assignee must be active staff of this provider who works cases. */
export async function assertAssignee(req: FastifyRequest, userId: string) {
  const rows = await req.em.execute(
    `select 1 from membership m join user_account u on u.id = m.user_id
      where m.provider_id = ? and m.user_id = ? and u.status = 'active' and m.roles && '{case_manager,supervisor}'::text[]`,
    [req.tenantId, userId],
  );
  if (!rows.length) throw unprocessable('invalid_assignee', 'The assignee must be an active case manager or supervisor of this provider', [{ path: 'body.assigneeId', message: 'Not a case manager here' }]);
}

/**
 * A recipient's `providerId` must be a provider that exists (or be absent): a transfer later
 * trusts it as the person's consent to that provider, so any other id, even a valid UUID, is
 * refused here, naming the field under `path` (where the consent sits in the request body).
 */
async function assertRecipientsExist(req: FastifyRequest, input: TConsentCreate, path: string) {
  const named = input.recipients.map((r, i) => ({ id: r.providerId, i })).filter((r): r is { id: string; i: number } => Boolean(r.id));
  if (!named.length) return;
  const found = await req.em.execute<{ id: string }[]>(`select id from provider where id in (${named.map(() => '?').join(', ')})`, named.map((r) => r.id));
  const known = new Set(found.map((r) => r.id));
  const unknown = named.filter((r) => !known.has(r.id));
  if (unknown.length) {
    throw badRequest('A consent recipient must be a provider on the platform, or none', unknown.map((r) => ({
      path: `${path}.recipients.${r.i}.providerId`, message: 'No such provider',
    })));
  }
}

/** Records a consent; `path` is where it sits in the request body, for errors. */
export async function recordConsent(req: FastifyRequest, beneficiaryId: string, input: TConsentCreate, path = 'body'): Promise<IConsent> {
  await assertRecipientsExist(req, input, path);
  const consent = req.em.create(Consent, {
    providerId: req.tenantId!,
    beneficiaryId,
    method: input.method,
    givenOn: input.givenOn,
    recordedBy: req.actor!.userId,
    purposes: input.purposes,
    recipients: input.recipients.map((r) => ({ providerId: r.providerId ?? null, organisation: r.organisation, dataCategories: r.dataCategories })),
    expiresOn: input.expiresOn ?? null,
    note: input.note ?? null,
  });
  req.audit('consent.record', 'consent', consent.id, { beneficiaryId, method: input.method, purposes: input.purposes });
  return consent;
}

/** The person's consent that applies today: the newest one given, with its state. */
export async function currentConsent(req: FastifyRequest, beneficiaryId: string): Promise<{ consent: IConsent; state: ConsentState } | null> {
  const day = today(req.server.clock);
  const consents = await req.em.find(Consent, { beneficiaryId, givenOn: { $lte: day } }, { orderBy: { givenOn: 'desc', createdAt: 'desc' } });
  const active = consents.find((c) => consentState(c, day) === 'active');
  if (active) return { consent: active, state: 'active' };
  return consents[0] ? { consent: consents[0], state: consentState(consents[0], day) } : null;
}

/** Work beyond intake needs the person's consent, in force today. */
export async function requireConsent(req: FastifyRequest, c: ISupportCase): Promise<IConsent> {
  const current = await currentConsent(req, c.beneficiaryId);
  if (!current || current.state !== 'active') {
    throw unprocessable(current ? `consent_${current.state}` : 'consent_required',
      current ? `The person's consent is ${current.state}: record a new one first` : 'Record the person’s consent before working the case');
  }
  return current.consent;
}

/**
 * Opens a case: the only place a case is created (intake, referrals, reopening, transfers), so
 * the one billing guard for new cases sits here.
 */
export async function openCase(req: FastifyRequest, input: OpenCaseInput): Promise<{ caseId: string; beneficiaryId: string }> {
  const actor = req.actor!;
  // A provider whose billing is restricted takes in no new families (402); accepted referrals
  // and reopened episodes of families already served go on (modules/billing/guard.ts).
  if (input.source.kind === 'intake' || input.source.kind === 'transfer') await assertBillingAllows(req, 'new_case');
  let assigneeId = input.assigneeId ?? null;
  if (!isSupervisor(req)) {
    if (assigneeId && assigneeId !== actor.userId) throw forbidden('Only a supervisor assigns cases to others');
    assigneeId = actor.userId;
  }
  if (assigneeId) await assertAssignee(req, assigneeId);

  // A person already on file may come back to anyone doing intake (the duplicate check found
  // them): opening the case is what gives this case manager access to them.
  const known = input.beneficiaryId ? (await resolveBeneficiary(req, input.beneficiaryId)).person : null;
  if (input.beneficiaryId && !known) throw notFound();
  const person = known ?? await createBeneficiary(req, input.beneficiary!, input.confirmNew ?? false);
  if (person.anonymisedAt) throw conflict('beneficiary_anonymised', 'This person’s record was anonymised');

  if (input.consent) await recordConsent(req, person.id, input.consent, 'body.consent');

  const now = req.server.clock();
  const source = input.source;
  // The assessment target counts working days on the ministry's calendar (weekends, holidays).
  const day = today(req.server.clock);
  const { targetDays, calendar } = await deadlineRules(req.em, day);
  const assessmentDueOn = nthWorkingDayAfter(day, targetDays.assessment, calendar);
  const c = req.em.create(SupportCase, {
    providerId: req.tenantId!,
    beneficiaryId: person.id,
    beneficiaryName: displayName(person),
    unitCode: person.unitCode,
    categories: input.categories,
    assigneeId,
    openedAt: now,
    assessmentDueOn,
    previousCaseId: source.kind === 'reopen' ? source.previousCaseId : null,
    sourceKind: source.kind,
    sourceId: source.kind === 'referral' ? source.referralId : source.kind === 'transfer' ? source.transferId : null,
    createdBy: actor.userId,
  });
  // Categories of the person accumulate over their cases.
  person.categories = [...new Set([...person.categories, ...input.categories])];
  recordEvent(req, c, 'opened', { source: source.kind, sourceId: c.sourceId, assigneeId });
  if (input.consent) recordEvent(req, c, 'consent_recorded', { method: input.consent.method });
  req.audit('case.open', 'case', c.id, { beneficiaryId: person.id, source: source.kind });
  await req.em.flush();
  return { caseId: c.id, beneficiaryId: person.id };
}

/** Marks contact with the family; the first one is the service target the ministry watches. */
export function recordContact(req: FastifyRequest, c: ISupportCase, at: Date) {
  if (!c.firstContactAt) {
    c.firstContactAt = at;
    recordEvent(req, c, 'first_contact', { at: at.toISOString() });
  }
  if (!c.lastContactAt || c.lastContactAt < at) c.lastContactAt = at;
}
