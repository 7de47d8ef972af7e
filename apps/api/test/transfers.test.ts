import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, startTestApp, type TestApp, kyivDate } from './harness.ts';
import { DEMO_CASE_IDS } from '../src/seeders/demo-cases.ts';

const R = DEMO_CASE_IDS.razom;
const RAZOM = 'supervisor@razom.demo';
const NADIYA = 'supervisor@nadiya.demo';
const today = () => kyivDate();

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const consentFor = (providerId: string, dataCategories: string[]) => ({
  method: 'written', givenOn: today(), purposes: ['case_management', 'transfer'],
  recipients: [{ providerId, organisation: 'БФ «Надія»', dataCategories }],
});

describe('transfers between providers', () => {
  it('needs consent naming the receiving provider; then the receiver accepts and the case moves, readable on both sides', async () => {
    const target = (await t.as(RAZOM, { method: 'GET', url: '/api/v1/transfers/targets' })).json().items;
    expect(target.map((p: { id: string }) => p.id)).toEqual([DEMO_IDS.nadiya]);

    const uncovered = await t.as(RAZOM, { method: 'POST', url: `/api/v1/cases/${R.powCase}/transfers`, payload: { toProviderId: DEMO_IDS.nadiya, reason: 'Родина переїхала до Львова' } });
    expect(uncovered.statusCode).toBe(422);
    expect(uncovered.json().code).toBe('consent_does_not_cover_transfer');

    const consent = await t.as(RAZOM, { method: 'POST', url: `/api/v1/beneficiaries/${R.powWife}/consents`, payload: consentFor(DEMO_IDS.nadiya, ['contacts', 'assessment', 'plan', 'deliveries']) });
    expect(consent.statusCode, consent.body).toBe(201);
    expect((await t.as('manager1@razom.demo', { method: 'POST', url: `/api/v1/cases/${R.powCase}/transfers`, payload: { toProviderId: DEMO_IDS.nadiya, reason: 'x' } })).statusCode).toBe(404);
    const sent = await t.as(RAZOM, { method: 'POST', url: `/api/v1/cases/${R.powCase}/transfers`, payload: { toProviderId: DEMO_IDS.nadiya, reason: 'Родина переїхала до Львова' } });
    expect(sent.statusCode, sent.body).toBe(201);
    const transferId = sent.json().id;
    expect((await t.as(RAZOM, { method: 'POST', url: `/api/v1/cases/${R.powCase}/transfers`, payload: { toProviderId: DEMO_IDS.nadiya, reason: 'ще раз' } })).json().code).toBe('transfer_pending');

    // The receiver sees the offer (name, birth year, categories), not the case itself yet.
    const incoming = (await t.as(NADIYA, { method: 'GET', url: '/api/v1/transfers?direction=incoming' })).json().items;
    expect(incoming[0]).toMatchObject({ id: transferId, beneficiaryName: 'Гнатюк Оксана Петрівна', birthYear: 1991, status: 'requested', fromProvider: 'ГО «Разом»', caseId: null });
    expect((await t.as('manager1@nadiya.demo', { method: 'GET', url: '/api/v1/transfers' })).statusCode).toBe(403);
    expect((await t.as(NADIYA, { method: 'GET', url: `/api/v1/cases/${R.powCase}` })).statusCode).toBe(404);
    // Only the receiver decides.
    expect((await t.as(RAZOM, { method: 'POST', url: `/api/v1/transfers/${transferId}/accept`, payload: {} })).statusCode).toBe(404);

    const manager = (await t.sql<{ id: string }>(`select id from user_account where email = 'manager1@nadiya.demo'`))[0]!.id;
    const accepted = await t.as(NADIYA, { method: 'POST', url: `/api/v1/transfers/${transferId}/accept`, payload: { assigneeId: manager } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const newCaseId = accepted.json().caseId;
    expect(newCaseId).toBeTruthy();
    expect((await t.as(NADIYA, { method: 'POST', url: `/api/v1/transfers/${transferId}/accept`, payload: {} })).json().code).toBe('transfer_decided');

    // Receiver: the case with its history, assessment, open steps and deliveries, owned by the new manager.
    const moved = (await t.as('manager1@nadiya.demo', { method: 'GET', url: `/api/v1/cases/${newCaseId}` })).json();
    expect(moved).toMatchObject({ beneficiaryName: 'Гнатюк Оксана Петрівна', status: 'active', sourceKind: 'transfer', consentState: 'active', assigneeId: manager });
    expect(moved.beneficiary.phones).toEqual(['+380671234501']);
    const plan = (await t.as('manager1@nadiya.demo', { method: 'GET', url: `/api/v1/cases/${newCaseId}/plan` })).json();
    expect(plan.steps.length).toBeGreaterThan(0);
    expect(plan.steps.every((s: { status: string; ownerId: string }) => ['planned', 'in_progress'].includes(s.status) && s.ownerId === manager)).toBe(true);
    const deliveries = (await t.as('manager1@nadiya.demo', { method: 'GET', url: `/api/v1/cases/${newCaseId}/deliveries` })).json().items;
    expect(deliveries.length).toBe(2);
    expect(deliveries.every((d: { transferred: boolean }) => d.transferred)).toBe(true);
    const history = (await t.as('manager1@nadiya.demo', { method: 'GET', url: `/api/v1/cases/${newCaseId}/history` })).json().items.map((e: { kind: string }) => e.kind);
    expect(history).toEqual(expect.arrayContaining(['transferred_in', 'opened', 'status_changed']));
    const assessments = (await t.as('manager1@nadiya.demo', { method: 'GET', url: `/api/v1/cases/${newCaseId}/assessments` })).json().items;
    expect(assessments).toHaveLength(1);
    const notes = (await t.as(NADIYA, { method: 'GET', url: `/api/v1/cases/${newCaseId}/notes` })).json().items;
    expect(notes).toEqual([]);

    // Sender: its case is closed as transferred and stays readable, read-only.
    const original = (await t.as(RAZOM, { method: 'GET', url: `/api/v1/cases/${R.powCase}` })).json();
    expect(original).toMatchObject({ status: 'closed', closureOutcome: 'transferred', readOnly: true });
    expect((await t.as(RAZOM, { method: 'GET', url: `/api/v1/cases/${R.powCase}/deliveries` })).json().items.length).toBeGreaterThan(0);
    const late = await t.as(RAZOM, { method: 'POST', url: `/api/v1/cases/${R.powCase}/notes`, payload: { body: 'ще' } });
    expect(late.json().code).toBe('case_closed');
    expect((await t.as(RAZOM, { method: 'POST', url: `/api/v1/cases/${R.powCase}/reopen`, payload: { reason: 'x' } })).json().code).toBe('case_transferred');
    expect((await t.as(RAZOM, { method: 'GET', url: `/api/v1/cases/${newCaseId}` })).statusCode).toBe(404);

    // Both sides count it.
    const outgoing = (await t.as(RAZOM, { method: 'GET', url: '/api/v1/transfers?direction=outgoing&status=accepted' })).json().items;
    expect(outgoing.map((x: { id: string }) => x.id)).toEqual([transferId]);
    expect((await t.as(RAZOM, { method: 'GET', url: '/api/v1/dashboard/supervisor' })).json().transfers).toMatchObject({ acceptedOut: 1 });
    expect((await t.as(NADIYA, { method: 'GET', url: '/api/v1/dashboard/supervisor' })).json().transfers).toMatchObject({ acceptedIn: 1 });
    const audit = await t.sql<{ provider_id: string; action: string }>(`select provider_id, action from audit_log where action in ('case.transfer_out', 'case.transfer_in')`);
    expect(audit).toEqual(expect.arrayContaining([{ provider_id: DEMO_IDS.razom, action: 'case.transfer_out' }, { provider_id: DEMO_IDS.nadiya, action: 'case.transfer_in' }]));
  });

  it('a declined transfer leaves the case with the sender, who sees why', async () => {
    await t.as(RAZOM, { method: 'POST', url: `/api/v1/beneficiaries/${R.wounded}/consents`, payload: consentFor(DEMO_IDS.nadiya, ['contacts']) });
    const sent = await t.as(RAZOM, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/transfers`, payload: { toProviderId: DEMO_IDS.nadiya, reason: 'Лікування у Львові' } });
    expect(sent.statusCode, sent.body).toBe(201);
    const noReason = await t.as(NADIYA, { method: 'POST', url: `/api/v1/transfers/${sent.json().id}/decline`, payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.reason');
    const declined = await t.as(NADIYA, { method: 'POST', url: `/api/v1/transfers/${sent.json().id}/decline`, payload: { reason: 'Немає вільних кейс-менеджерів' } });
    expect(declined.statusCode, declined.body).toBe(200);
    const c = (await t.as(RAZOM, { method: 'GET', url: `/api/v1/cases/${R.woundedCase}` })).json();
    expect(c.status).not.toBe('closed');
    expect(c.pendingTransfer).toBeNull();
    const history = (await t.as(RAZOM, { method: 'GET', url: `/api/v1/cases/${R.woundedCase}/history` })).json().items;
    expect(history[0]).toMatchObject({ kind: 'transfer_declined', data: expect.objectContaining({ reason: 'Немає вільних кейс-менеджерів' }) });
  });

  it('a withdrawn consent blocks a transfer', async () => {
    const consents = (await t.as(RAZOM, { method: 'GET', url: `/api/v1/beneficiaries/${R.wounded}/consents` })).json().items;
    for (const c of consents.filter((x: { withdrawnOn: string | null }) => !x.withdrawnOn)) {
      await t.as(RAZOM, { method: 'POST', url: `/api/v1/consents/${c.id}/withdraw`, payload: { withdrawnOn: today(), reason: 'Відкликано', version: c.version } });
    }
    const res = await t.as(RAZOM, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/transfers`, payload: { toProviderId: DEMO_IDS.nadiya, reason: 'x' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('consent_withdrawn');
  });
});
