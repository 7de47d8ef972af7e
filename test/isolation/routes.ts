import type { ActorRole, OtherTenant } from './fixtures.ts';
import { DEMO_IDS } from '../../apps/api/test/harness.ts';

const DEMO_RAZOM = DEMO_IDS.razom;
/** An id nothing has. */
const NOBODY = '01930000-0000-7000-8000-00000000dead';
const ISOLATION_REFERRAL = {
  subject: 'service_member', person: { lastName: 'Перевірка', firstName: 'Ізоляція', phone: '0670000001' }, serviceMember: { status: 'serving' },
  categories: ['serving'], needs: 'Перевірка ізоляції', urgency: 'normal', consent: { given: true, method: 'written' },
};

/**
 * Every API route, and how to aim it at the other provider. The suite fails when a route is
 * missing here, so each new route is classified when it is added:
 * - `target`: a route about one resource, called with the other provider's id. Every role
 *   must get 404 (unless listed in `crossTenant`, roles that manage all providers by design
 *   and never see person-level data there).
 * - `scoped`: a route about the actor's own data or a collection; called by every role with
 *   a valid body, it must never answer 5xx nor return or change the other provider's rows.
 * - `public`: reachable without signing in, keyed by a secret (token, cookie) rather than an id.
 */
export type RouteCase =
  | { kind: 'target'; request: (o: OtherTenant) => { url: string; payload?: unknown }; crossTenant?: ActorRole[] }
  | { kind: 'scoped'; request: (o: OtherTenant) => { url: string; payload?: unknown } }
  | { kind: 'public'; why: string };

export const ROUTES: Record<string, RouteCase> = {
  'POST /api/v1/auth/login': { kind: 'public', why: 'email + password' },
  'POST /api/v1/auth/refresh': { kind: 'public', why: 'refresh cookie' },
  'POST /api/v1/auth/login/mfa': { kind: 'public', why: 'single-use sign-in challenge' },
  'POST /api/v1/auth/logout': { kind: 'public', why: 'ends only the caller’s own session' },
  'POST /api/v1/auth/password-reset': { kind: 'public', why: 'same answer for every address' },
  'POST /api/v1/auth/password-reset/confirm': { kind: 'public', why: 'one-time token' },
  'GET /api/v1/auth/invitations/{token}': { kind: 'public', why: 'one-time token' },
  'POST /api/v1/auth/invitations/accept': { kind: 'public', why: 'one-time token' },

  'GET /api/v1/me': { kind: 'scoped', request: () => ({ url: '/api/v1/me' }) },
  'PATCH /api/v1/me': { kind: 'scoped', request: () => ({ url: '/api/v1/me', payload: { locale: 'uk' } }) },
  'POST /api/v1/me/password': { kind: 'scoped', request: () => ({ url: '/api/v1/me/password', payload: { currentPassword: 'not-the-password', newPassword: 'irrelevant-long-password' } }) },

  'GET /api/v1/staff': { kind: 'scoped', request: () => ({ url: '/api/v1/staff?limit=200' }) },
  'POST /api/v1/staff': { kind: 'scoped', request: () => ({ url: '/api/v1/staff', payload: { email: `iso-${Math.random().toString(36).slice(2)}@razom.demo`, fullName: 'Ізоляція Тест', roles: ['case_manager'] } }) },
  'PATCH /api/v1/staff/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/staff/${o.staffUserId}`, payload: { status: 'deactivated' } }) },
  'POST /api/v1/staff/{id}/resend-invitation': { kind: 'target', request: (o) => ({ url: `/api/v1/staff/${o.invitedUserId}/resend-invitation` }) },

  'GET /api/v1/providers': { kind: 'scoped', request: () => ({ url: '/api/v1/providers?limit=200' }) },
  'POST /api/v1/providers': { kind: 'scoped', request: () => ({ url: '/api/v1/providers', payload: {} }) },
  'GET /api/v1/providers/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/providers/${o.providerId}` }), crossTenant: ['platform_operator', 'ministry_coordinator'] },
  'PATCH /api/v1/providers/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/providers/${o.providerId}`, payload: { name: 'Перейменовано' } }), crossTenant: ['platform_operator'] },

  'GET /api/v1/audit': { kind: 'scoped', request: () => ({ url: '/api/v1/audit?limit=200' }) },
  'GET /api/v1/audit/verify': { kind: 'scoped', request: () => ({ url: '/api/v1/audit/verify' }) },
  'GET /api/v1/me/mfa': { kind: 'scoped', request: () => ({ url: '/api/v1/me/mfa' }) },
  'POST /api/v1/me/mfa/setup': { kind: 'scoped', request: () => ({ url: '/api/v1/me/mfa/setup' }) },
  'POST /api/v1/me/mfa/enable': { kind: 'scoped', request: () => ({ url: '/api/v1/me/mfa/enable', payload: { code: '000000' } }) },
  'POST /api/v1/me/mfa/recovery-codes': { kind: 'scoped', request: () => ({ url: '/api/v1/me/mfa/recovery-codes', payload: { code: '000000' } }) },
  'POST /api/v1/me/mfa/disable': { kind: 'scoped', request: () => ({ url: '/api/v1/me/mfa/disable', payload: { password: 'not-it', code: '000000' } }) },
  'POST /api/v1/staff/{id}/reset-mfa': { kind: 'target', request: (o) => ({ url: `/api/v1/staff/${o.staffUserId}/reset-mfa` }) },
  'GET /api/v1/me/sessions': { kind: 'scoped', request: () => ({ url: '/api/v1/me/sessions' }) },
  'DELETE /api/v1/me/sessions/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/me/sessions/${o.sessionId}` }) },
  'POST /api/v1/me/sessions/revoke-others': { kind: 'scoped', request: () => ({ url: '/api/v1/me/sessions/revoke-others' }) },
  'POST /api/v1/staff/{id}/revoke-sessions': { kind: 'target', request: (o) => ({ url: `/api/v1/staff/${o.staffUserId}/revoke-sessions` }) },

  'POST /api/v1/billing/webhook': { kind: 'public', why: 'Stripe signature over the raw body; the provider comes from Stripe’s metadata' },
  'GET /api/v1/billing/status': { kind: 'scoped', request: () => ({ url: '/api/v1/billing/status' }) },
  'GET /api/v1/billing': { kind: 'scoped', request: () => ({ url: '/api/v1/billing' }) },
  'GET /api/v1/billing/invoices': { kind: 'scoped', request: () => ({ url: '/api/v1/billing/invoices' }) },
  'POST /api/v1/billing/checkout': { kind: 'scoped', request: () => ({ url: '/api/v1/billing/checkout', payload: { plan: 'monthly' } }) },
  'POST /api/v1/billing/portal': { kind: 'scoped', request: () => ({ url: '/api/v1/billing/portal', payload: { flow: 'manage' } }) },
  'GET /api/v1/billing/providers': { kind: 'scoped', request: () => ({ url: '/api/v1/billing/providers?limit=200' }) },
  'GET /api/v1/billing/providers/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/billing/providers/${o.providerId}` }), crossTenant: ['platform_operator', 'ministry_coordinator'] },
  'PUT /api/v1/billing/providers/{id}/pilot': { kind: 'target', request: (o) => ({ url: `/api/v1/billing/providers/${o.providerId}/pilot`, payload: { seatLimit: 30 } }), crossTenant: ['platform_operator', 'ministry_coordinator'] },
  'DELETE /api/v1/billing/providers/{id}/pilot': { kind: 'target', request: (o) => ({ url: `/api/v1/billing/providers/${o.providerId}/pilot` }), crossTenant: ['platform_operator', 'ministry_coordinator'] },
  'GET /api/v1/billing/webhook-events': { kind: 'scoped', request: () => ({ url: '/api/v1/billing/webhook-events?limit=200' }) },
  'GET /api/v1/catalogue/measures': { kind: 'scoped', request: () => ({ url: '/api/v1/catalogue/measures' }) },
  'GET /api/v1/catalogue/measures/{id}': { kind: 'scoped', request: (o) => ({ url: `/api/v1/catalogue/measures/${o.cases.measureId}` }) },
  'GET /api/v1/catalogue/playbooks': { kind: 'scoped', request: () => ({ url: '/api/v1/catalogue/playbooks' }) },
  'GET /api/v1/catalogue/playbooks/{id}': { kind: 'scoped', request: () => ({ url: '/api/v1/catalogue/playbooks/01930000-0000-7000-8200-000000000001' }) },
  'GET /api/v1/catalogue/hromadas': { kind: 'scoped', request: () => ({ url: '/api/v1/catalogue/hromadas' }) },

  'GET /api/v1/cases': { kind: 'scoped', request: () => ({ url: '/api/v1/cases?limit=200' }) },
  'GET /api/v1/cases/assignees': { kind: 'scoped', request: () => ({ url: '/api/v1/cases/assignees' }) },
  'POST /api/v1/beneficiaries/duplicates': { kind: 'scoped', request: () => ({ url: '/api/v1/beneficiaries/duplicates', payload: { lastName: 'Савченко', firstName: 'Марія', birthDate: '1993-02-11' } }) },
  'POST /api/v1/cases': { kind: 'scoped', request: (o) => ({ url: '/api/v1/cases', payload: { beneficiaryId: o.cases.powWife, categories: ['family_of_pow'] } }) },
  'GET /api/v1/cases/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}` }) },
  'PATCH /api/v1/cases/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}`, payload: { categories: ['serving'], version: 1 } }) },
  'POST /api/v1/cases/{id}/status': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.fallenCase}/status`, payload: { status: 'closed', outcome: 'moved', version: 1 } }) },
  'POST /api/v1/cases/{id}/assign': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.missingCase}/assign`, payload: { assigneeId: o.staffUserId, version: 1 } }) },
  'POST /api/v1/cases/{id}/reopen': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.veteranCase}/reopen`, payload: { reason: 'Ізоляція' } }) },
  'POST /api/v1/cases/{id}/contacts': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/contacts`, payload: {} }) },
  'GET /api/v1/cases/{id}/history': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/history` }) },
  'GET /api/v1/beneficiaries/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/beneficiaries/${o.cases.powWife}` }) },
  'PATCH /api/v1/beneficiaries/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/beneficiaries/${o.cases.powWife}`, payload: { lastName: 'Змінено', version: 1 } }) },
  'GET /api/v1/beneficiaries/{id}/consents': { kind: 'target', request: (o) => ({ url: `/api/v1/beneficiaries/${o.cases.powWife}/consents` }) },
  'POST /api/v1/beneficiaries/{id}/consents': { kind: 'target', request: (o) => ({ url: `/api/v1/beneficiaries/${o.cases.powWife}/consents`, payload: { method: 'written', givenOn: '2026-01-01', purposes: ['case_management'] } }) },
  'POST /api/v1/consents/{id}/withdraw': { kind: 'target', request: (o) => ({ url: `/api/v1/consents/${o.cases.powConsent}/withdraw`, payload: { withdrawnOn: '2026-11-01', reason: 'Ізоляція', version: 1 } }) },
  'GET /api/v1/cases/{id}/family': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/family` }) },
  'POST /api/v1/cases/{id}/family': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/family`, payload: { relativeId: o.cases.wounded, relation: 'sibling' } }) },
  'GET /api/v1/cases/{id}/assessments': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/assessments` }) },
  'POST /api/v1/cases/{id}/assessments': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/assessments`, payload: { assessedOn: '2026-01-01', needs: [{ domain: 'housing', severity: 'low' }] } }) },
  'GET /api/v1/cases/{id}/plan': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/plan` }) },
  'POST /api/v1/cases/{id}/plan/playbooks': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.woundedCase}/plan/playbooks`, payload: { playbookIds: ['01930000-0000-7000-8200-000000000001'] } }) },
  'POST /api/v1/cases/{id}/plan/steps': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/plan/steps`, payload: { title: 'Ізоляція' } }) },
  'PATCH /api/v1/plan-steps/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/plan-steps/${o.cases.powOverdueStep}`, payload: { status: 'done', version: 1 } }) },
  'GET /api/v1/cases/{id}/deliveries': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/deliveries` }) },
  'POST /api/v1/cases/{id}/deliveries': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/deliveries`, payload: { measureId: o.cases.measureId, deliveredOn: '2026-11-01', durationMinutes: 30, mode: 'phone', outcome: 'Ізоляція' } }) },
  'GET /api/v1/cases/{id}/notes': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/notes` }) },
  'POST /api/v1/cases/{id}/notes': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/notes`, payload: { body: 'Ізоляція' } }) },
  'GET /api/v1/tasks/mine': { kind: 'scoped', request: () => ({ url: '/api/v1/tasks/mine' }) },
  'GET /api/v1/dashboard/supervisor': { kind: 'scoped', request: () => ({ url: '/api/v1/dashboard/supervisor' }) },
  'GET /api/v1/cases/export': { kind: 'scoped', request: () => ({ url: '/api/v1/cases/export?format=csv' }) },
  'GET /api/v1/transfers/targets': { kind: 'scoped', request: () => ({ url: '/api/v1/transfers/targets' }) },
  'GET /api/v1/transfers': { kind: 'scoped', request: () => ({ url: '/api/v1/transfers?limit=200' }) },
  'POST /api/v1/cases/{id}/transfers': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.woundedCase}/transfers`, payload: { toProviderId: o.providerId, reason: 'Ізоляція' } }) },
  'POST /api/v1/transfers/{id}/accept': { kind: 'target', request: (o) => ({ url: `/api/v1/transfers/${o.cases.transferId}/accept`, payload: {} }) },
  'POST /api/v1/transfers/{id}/decline': { kind: 'target', request: (o) => ({ url: `/api/v1/transfers/${o.cases.transferId}/decline`, payload: { reason: 'Ізоляція' } }) },
  'GET /api/v1/cases/{id}/documents': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/documents` }) },
  'POST /api/v1/cases/{id}/documents': { kind: 'target', request: (o) => ({ url: `/api/v1/cases/${o.cases.powCase}/documents`, payload: {} }) },
  'GET /api/v1/documents/{id}/content': { kind: 'target', request: (o) => ({ url: `/api/v1/documents/${o.cases.documentId}/content` }) },
  'POST /api/v1/beneficiaries/{id}/merge': { kind: 'target', request: (o) => ({ url: `/api/v1/beneficiaries/${o.cases.powWife}/merge`, payload: { duplicateId: o.cases.wounded, version: 1 } }) },
  'GET /api/v1/beneficiaries/{id}/export': { kind: 'target', request: (o) => ({ url: `/api/v1/beneficiaries/${o.cases.powWife}/export?format=html` }) },
  'POST /api/v1/beneficiaries/{id}/anonymise': { kind: 'target', request: (o) => ({ url: `/api/v1/beneficiaries/${o.cases.powWife}/anonymise`, payload: { reason: 'Ізоляція', version: 1 } }) },
  'GET /api/v1/notifications': { kind: 'scoped', request: () => ({ url: '/api/v1/notifications?limit=200' }) },
  'GET /api/v1/notifications/unread-count': { kind: 'scoped', request: () => ({ url: '/api/v1/notifications/unread-count' }) },
  'POST /api/v1/notifications/{id}/read': { kind: 'target', request: (o) => ({ url: `/api/v1/notifications/${o.notificationId}/read` }) },
  'POST /api/v1/notifications/read-all': { kind: 'scoped', request: () => ({ url: '/api/v1/notifications/read-all' }) },

  // Units, assignments, waves and the calendar are ministry data: the ministry reaches the other
  // side's unit by design; providers see only the units they serve.
  'GET /api/v1/units': { kind: 'scoped', request: () => ({ url: '/api/v1/units?limit=200' }) },
  'POST /api/v1/units': { kind: 'scoped', request: () => ({ url: '/api/v1/units', payload: { code: `А9${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`, name: 'Ізоляція', kind: 'military_unit', oblastCode: 'UA05000000000010236' } }) },
  'GET /api/v1/units/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/units/${o.unitId}` }), crossTenant: ['ministry_coordinator'] },
  'PATCH /api/v1/units/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/units/${o.unitId}`, payload: { status: 'active' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/units/{id}/assignments': { kind: 'target', request: (o) => ({ url: `/api/v1/units/${o.unitId}/assignments`, payload: { providerId: DEMO_RAZOM, startsOn: '2024-01-01' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/assignments/{id}/end': { kind: 'target', request: (o) => ({ url: `/api/v1/assignments/${o.assignmentId}/end`, payload: { endsOn: '2099-12-31' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/units/{id}/contacts': { kind: 'target', request: (o) => ({ url: `/api/v1/units/${o.unitId}/contacts`, payload: { email: `iso-${Math.random().toString(36).slice(2)}@army.demo`, fullName: 'Ізоляція Тест', position: 'other' } }), crossTenant: ['ministry_coordinator'] },
  'GET /api/v1/waves': { kind: 'scoped', request: () => ({ url: '/api/v1/waves' }) },
  'POST /api/v1/waves': { kind: 'scoped', request: () => ({ url: '/api/v1/waves', payload: { name: `Ізоляція ${Math.random()}`, startsOn: '2026-01-01' } }) },
  'PATCH /api/v1/waves/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/waves/${o.waveId}`, payload: { startsOn: '2023-12-01' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/waves/{id}/units': { kind: 'target', request: (o) => ({ url: `/api/v1/waves/${o.waveId}/units`, payload: { unitId: o.unitId } }), crossTenant: ['ministry_coordinator'] },
  'DELETE /api/v1/waves/{id}/units/{unitId}': { kind: 'target', request: (o) => ({ url: `/api/v1/waves/${o.waveId}/units/${NOBODY}` }) },
  'GET /api/v1/holidays': { kind: 'scoped', request: () => ({ url: '/api/v1/holidays' }) },
  'POST /api/v1/holidays': { kind: 'scoped', request: () => ({ url: '/api/v1/holidays', payload: { date: '2031-01-01', name: 'Ізоляція' } }) },
  'DELETE /api/v1/holidays/{date}': { kind: 'target', request: () => ({ url: '/api/v1/holidays/1999-01-01' }) },
  'GET /api/v1/pilot-settings': { kind: 'scoped', request: () => ({ url: '/api/v1/pilot-settings' }) },
  'PATCH /api/v1/pilot-settings': { kind: 'scoped', request: () => ({ url: '/api/v1/pilot-settings', payload: {} }) },
  'GET /api/v1/pilot/overview': { kind: 'scoped', request: () => ({ url: '/api/v1/pilot/overview' }) },
  'GET /api/v1/escalations': { kind: 'scoped', request: () => ({ url: '/api/v1/escalations?limit=200' }) },

  // Referrals: the unit contact of the home side's unit, the home provider's staff.
  'GET /api/v1/my-unit': { kind: 'scoped', request: () => ({ url: '/api/v1/my-unit' }) },
  'GET /api/v1/my-unit/referrals': { kind: 'scoped', request: () => ({ url: '/api/v1/my-unit/referrals?limit=200' }) },
  'POST /api/v1/my-unit/referrals': { kind: 'scoped', request: () => ({ url: '/api/v1/my-unit/referrals', payload: ISOLATION_REFERRAL }) },
  'GET /api/v1/my-unit/referrals/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/my-unit/referrals/${o.referralId}` }) },
  'POST /api/v1/my-unit/referrals/{id}/withdraw': { kind: 'target', request: (o) => ({ url: `/api/v1/my-unit/referrals/${o.referralId}/withdraw`, payload: {} }) },
  'GET /api/v1/referrals': { kind: 'scoped', request: () => ({ url: '/api/v1/referrals?limit=200' }) },
  'GET /api/v1/referrals/case-managers': { kind: 'scoped', request: () => ({ url: '/api/v1/referrals/case-managers' }) },
  'GET /api/v1/referrals/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/referrals/${o.referralId}` }) },
  'POST /api/v1/referrals/{id}/decline': { kind: 'target', request: (o) => ({ url: `/api/v1/referrals/${o.referralId}/decline`, payload: { reason: 'other' } }) },
  'GET /api/v1/referrals/{id}/duplicates': { kind: 'target', request: (o) => ({ url: `/api/v1/referrals/${o.referralId}/duplicates` }) },
  'POST /api/v1/referrals/{id}/accept': { kind: 'target', request: (o) => ({ url: `/api/v1/referrals/${o.referralId}/accept`, payload: { caseManagerId: o.staffUserId } }) },
  'GET /api/v1/intake': { kind: 'scoped', request: () => ({ url: '/api/v1/intake' }) },
  'POST /api/v1/intake/pause': { kind: 'scoped', request: () => ({ url: '/api/v1/intake/pause', payload: { reason: 'Ізоляція' } }) },
  'POST /api/v1/intake/resume': { kind: 'scoped', request: () => ({ url: '/api/v1/intake/resume' }) },

  // Accreditation: the ministry decides (the payload reuses a recorded decision number: a 409
  // that still runs the whole handler), the platform reads, a provider's staff read their own.
  'GET /api/v1/providers/{id}/accreditation': { kind: 'target', request: (o) => ({ url: `/api/v1/providers/${o.providerId}/accreditation` }), crossTenant: ['platform_operator', 'ministry_coordinator'] },
  'POST /api/v1/providers/{id}/accreditation': { kind: 'target', request: (o) => ({ url: `/api/v1/providers/${o.providerId}/accreditation`, payload: { action: 'accredit', decisionNumber: 'МСП-2025/042', decisionDate: '2026-01-01', validFrom: '2026-01-01', validUntil: '2027-01-01' } }), crossTenant: ['ministry_coordinator'] },

  // Coordination centres: the other provider's centre is the ministry's to manage and hidden
  // from the home provider's NGO admin (not a member there).
  'GET /api/v1/coordination/centres': { kind: 'scoped', request: () => ({ url: '/api/v1/coordination/centres' }) },
  'POST /api/v1/coordination/centres': { kind: 'scoped', request: () => ({ url: '/api/v1/coordination/centres', payload: { oblastCode: 'UA32000000000030281', name: 'Координаційний центр Київської області' } }) },
  'GET /api/v1/coordination/centres/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/centres/${o.centre.id}` }), crossTenant: ['ministry_coordinator'] },
  'PATCH /api/v1/coordination/centres/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/centres/${o.centre.id}`, payload: { name: 'Координаційний центр підтримки цивільного населення Львівської області' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/coordination/centres/{id}/members': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/centres/${o.centre.id}/members`, payload: { fullName: 'Ізоляція Тест', organisation: 'Тест', role: 'other' } }), crossTenant: ['ministry_coordinator'] },
  'PATCH /api/v1/coordination/members/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/members/${o.centre.memberId}`, payload: { position: 'директор департаменту' } }), crossTenant: ['ministry_coordinator'] },
  'DELETE /api/v1/coordination/members/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/members/${o.centre.memberId}` }), crossTenant: ['ministry_coordinator'] },
  'GET /api/v1/coordination/centres/{id}/meetings': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/centres/${o.centre.id}/meetings` }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/coordination/centres/{id}/meetings': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/centres/${o.centre.id}/meetings`, payload: { heldOn: '2026-11-20', online: true } }), crossTenant: ['ministry_coordinator'] },
  'GET /api/v1/coordination/meetings/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/meetings/${o.centre.meetingId}` }), crossTenant: ['ministry_coordinator'] },
  'PATCH /api/v1/coordination/meetings/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/meetings/${o.centre.meetingId}`, payload: { online: true } }), crossTenant: ['ministry_coordinator'] },
  'GET /api/v1/coordination/meetings/{id}/minutes': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/meetings/${o.centre.meetingId}/minutes` }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/coordination/meetings/{id}/issues': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/meetings/${o.centre.meetingId}/issues`, payload: { category: 'other', title: 'Ізоляція' } }), crossTenant: ['ministry_coordinator'] },
  'PATCH /api/v1/coordination/issues/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/issues/${o.centre.issueId}`, payload: { category: 'defenders_families' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/coordination/issues/{id}/instructions': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/issues/${o.centre.issueId}/instructions`, payload: { title: 'Ізоляція', assigneeOrganisation: 'Тест', assigneePerson: 'Тест Тест', dueDate: '2027-01-31' } }), crossTenant: ['ministry_coordinator'] },
  'GET /api/v1/coordination/instructions': { kind: 'scoped', request: () => ({ url: '/api/v1/coordination/instructions?limit=200' }) },
  'GET /api/v1/coordination/instructions/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/instructions/${o.centre.instructionId}` }), crossTenant: ['ministry_coordinator'] },
  'PATCH /api/v1/coordination/instructions/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/instructions/${o.centre.instructionId}`, payload: { title: 'Провести виїзні консультації для сімей зниклих безвісти у трьох громадах' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/coordination/instructions/{id}/status': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/instructions/${o.centre.instructionId}/status`, payload: { status: 'done' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/coordination/instructions/{id}/reports': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/instructions/${o.centre.instructionId}/reports`, payload: { reportedOn: '2026-11-01', summary: 'Ізоляція' } }), crossTenant: ['ministry_coordinator'] },
  'GET /api/v1/coordination/centres/{id}/work-plan': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/centres/${o.centre.id}/work-plan` }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/coordination/centres/{id}/work-plan': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/centres/${o.centre.id}/work-plan`, payload: { quarter: '2027-Q1', title: 'Ізоляція', owner: 'Тест', dueDate: '2027-02-01' } }), crossTenant: ['ministry_coordinator'] },
  'PATCH /api/v1/coordination/work-plan/{id}': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/work-plan/${o.centre.workPlanItemId}`, payload: { status: 'in_progress' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/coordination/meetings/{id}/reviews': { kind: 'target', request: (o) => ({ url: `/api/v1/coordination/meetings/${o.centre.meetingId}/reviews`, payload: { itemId: o.centre.workPlanItemId } }), crossTenant: ['ministry_coordinator'] },

  // Catalogue curation: ministry data, not a tenant's; dates in the past make the coordinator's
  // calls stop at the domain rule instead of changing the catalogue under the other suites.
  'POST /api/v1/catalogue/measures': { kind: 'scoped', request: () => ({ url: '/api/v1/catalogue/measures', payload: { code: 'M98', nameUk: 'x', nameEn: 'x', descriptionUk: 'x', descriptionEn: 'x', validFrom: '2020-01-01' } }) },
  'POST /api/v1/catalogue/measures/{id}/versions': { kind: 'target', request: (o) => ({ url: `/api/v1/catalogue/measures/${o.cases.measureId}/versions`, payload: { nameUk: 'x', nameEn: 'x', descriptionUk: 'x', descriptionEn: 'x', validFrom: '2020-01-01' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/catalogue/measures/{id}/retire': { kind: 'target', request: (o) => ({ url: `/api/v1/catalogue/measures/${o.cases.measureId}/retire`, payload: { from: '2020-01-01' } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/catalogue/playbooks': { kind: 'scoped', request: () => ({ url: '/api/v1/catalogue/playbooks', payload: { code: 'isolation', titleUk: 'x', titleEn: 'x', descriptionUk: 'x', descriptionEn: 'x', categories: ['wounded'], validFrom: '2020-01-01', steps: [{ key: 'a', measureCode: 'M08', titleUk: 'x', titleEn: 'x', offsetDays: 1, ownerRole: 'case_manager' }] } }) },
  'POST /api/v1/catalogue/playbooks/{id}/versions': { kind: 'target', request: () => ({ url: '/api/v1/catalogue/playbooks/01930000-0000-7000-8200-000000000001/versions', payload: { titleUk: 'x', titleEn: 'x', descriptionUk: 'x', descriptionEn: 'x', categories: ['wounded'], validFrom: '2020-01-01', steps: [{ key: 'a', measureCode: 'M08', titleUk: 'x', titleEn: 'x', offsetDays: 1, ownerRole: 'case_manager' }] } }), crossTenant: ['ministry_coordinator'] },
  'POST /api/v1/catalogue/playbooks/{id}/retire': { kind: 'target', request: () => ({ url: '/api/v1/catalogue/playbooks/01930000-0000-7000-8200-000000000001/retire', payload: { from: '2020-01-01' } }), crossTenant: ['ministry_coordinator'] },

  // The pilot report: aimed at the other provider's node, a provider's staff get 404 (their own
  // report only), the ministry its suppressed view; nobody gets a person.
  'GET /api/v1/reports/pilot': { kind: 'scoped', request: (o) => ({ url: `/api/v1/reports/pilot?node=p:${o.providerId}` }) },
  'GET /api/v1/reports/pilot/trend': { kind: 'scoped', request: (o) => ({ url: `/api/v1/reports/pilot/trend?node=p:${o.providerId}` }) },
  'GET /api/v1/reports/pilot/export': { kind: 'scoped', request: (o) => ({ url: `/api/v1/reports/pilot/export?node=p:${o.providerId}&format=csv` }) },
  'GET /api/v1/reports/dashboard': { kind: 'scoped', request: () => ({ url: '/api/v1/reports/dashboard' }) },
  'POST /api/v1/reports/refresh': { kind: 'scoped', request: () => ({ url: '/api/v1/reports/refresh', payload: {} }) },
};
