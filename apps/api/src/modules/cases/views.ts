/** How case records are shown through the API (contracts' response shapes). */
import type { FastifyRequest } from 'fastify';
import { consentState, type CaseCategory } from '@pilot/domain';
import type { TBeneficiary, TCase, TConsent } from '@pilot/contracts';
import { iso } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';
import { Beneficiary, type IBeneficiary, type IConsent, type ISupportCase } from './entities.ts';
import { currentConsent } from './service.ts';
import { openRnokpp } from './pii.ts';
import type { Keyring } from '../../lib/crypto.ts';

/** Nullable entity properties read as `T | null | undefined`; the API answers null. */
export const nul = <T>(v: T | null | undefined): T | null => v ?? null;

export const toBeneficiary = (b: IBeneficiary, keyring: Keyring, resolvedFrom: string | null = null): TBeneficiary => ({
  id: b.id, lastName: b.lastName, firstName: b.firstName, patronymic: nul(b.patronymic),
  fullName: [b.lastName, b.firstName, b.patronymic].filter(Boolean).join(' '),
  birthDate: nul(b.birthDate), sex: nul(b.sex), rnokpp: openRnokpp(keyring, b.rnokpp), phones: b.phones, email: nul(b.email),
  oblastCode: nul(b.oblastCode), hromadaCode: nul(b.hromadaCode), address: nul(b.address),
  categories: b.categories as CaseCategory[], isServiceMember: b.isServiceMember, militaryRank: nul(b.militaryRank),
  unitCode: nul(b.unitCode), militaryStatus: nul(b.militaryStatus), anonymised: Boolean(b.anonymisedAt), resolvedFrom, version: b.version,
});

/** Names of staff by id, in one query (RLS shows only this provider's staff). */
export async function staffNames(req: FastifyRequest, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const rows = await req.em.execute<{ id: string; full_name: string }[]>(`select id, full_name from user_account where id in (?)`, [wanted]);
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

export function toConsent(c: IConsent, names: Map<string, string>, day: string): TConsent {
  return {
    id: c.id, beneficiaryId: c.beneficiaryId, method: c.method, givenOn: c.givenOn, recordedBy: names.get(c.recordedBy) ?? '—',
    purposes: c.purposes as TConsent['purposes'], recipients: c.recipients, expiresOn: nul(c.expiresOn), withdrawnOn: nul(c.withdrawnOn),
    withdrawalReason: nul(c.withdrawalReason), note: nul(c.note), state: consentState(c, day), createdAt: iso(c.createdAt)!, version: c.version,
  };
}

/** One case as the API shows it, with its person. */
export async function caseView(req: FastifyRequest, c: ISupportCase): Promise<TCase> {
  const person = await req.em.findOneOrFail(Beneficiary, { id: c.beneficiaryId });
  const day = today(req.server.clock);
  const [counts] = await req.em.execute<{ overdue: string; next_id: string | null; transfer_id: string | null; transfer_to: string | null }[]>(
    `select (select count(*) from plan_step s where s.provider_id = ? and s.case_id = ? and s.status in ('planned', 'in_progress') and s.due_on < ?::date) as overdue,
            (select n.id from support_case n where n.provider_id = ? and n.previous_case_id = ? limit 1) as next_id,
            t.id as transfer_id, p.name as transfer_to
       from (select 1) x
       left join case_transfer t on t.from_case_id = ? and t.status = 'requested'
       left join provider p on p.id = t.to_provider_id`,
    [c.providerId, c.id, day, c.providerId, c.id, c.id],
  );
  const names = await staffNames(req, [c.assigneeId]);
  const consent = await currentConsent(req, c.beneficiaryId);
  return {
    id: c.id, beneficiaryId: c.beneficiaryId, beneficiaryName: c.beneficiaryName, status: c.status,
    categories: c.categories as CaseCategory[], assigneeId: nul(c.assigneeId), assigneeName: c.assigneeId ? names.get(c.assigneeId) ?? null : null,
    unitCode: nul(c.unitCode), openedAt: iso(c.openedAt)!, lastContactAt: iso(c.lastContactAt), overdueSteps: Number(counts?.overdue ?? 0),
    closureOutcome: nul(c.closureOutcome), beneficiary: toBeneficiary(person, req.server.config.keyring), consentState: consent?.state ?? null,
    assessmentDueOn: nul(c.assessmentDueOn), firstContactAt: iso(c.firstContactAt), closedAt: iso(c.closedAt), closureNote: nul(c.closureNote),
    previousCaseId: nul(c.previousCaseId), nextCaseId: counts?.next_id ?? null, sourceKind: c.sourceKind,
    readOnly: c.status === 'closed',
    pendingTransfer: counts?.transfer_id ? { id: counts.transfer_id, toProvider: counts.transfer_to ?? '' } : null,
    version: c.version,
  };
}
