/**
 * Which screens each role may use. The API enforces access on every call; this map only keeps
 * the navigation honest (people see what they can use) and turns away direct visits early.
 */
import type { Role } from '@pilot/domain';

export const AREAS = {
  staff: ['ngo_admin'],
  providers: ['platform_operator', 'ministry_coordinator'],
  manageProviders: ['platform_operator'],
  audit: ['ngo_admin', 'supervisor', 'platform_operator'],
  auditVerify: ['ngo_admin', 'platform_operator'],
  billing: ['ngo_admin'],
  billingProviders: ['platform_operator', 'ministry_coordinator'],
  billingWebhooks: ['platform_operator'],
  cases: ['supervisor', 'case_manager'],
  supervision: ['supervisor'],
  catalogue: ['platform_operator', 'ministry_coordinator', 'ngo_admin', 'supervisor', 'case_manager', 'unit_contact'],
  notifications: ['platform_operator', 'ministry_coordinator', 'ngo_admin', 'supervisor', 'case_manager', 'unit_contact'],
  refer: ['unit_contact'],
  referrals: ['supervisor', 'case_manager'],
  decideReferrals: ['supervisor'],
  intake: ['ngo_admin', 'supervisor'],
  units: ['ministry_coordinator', 'ngo_admin', 'supervisor'],
  manageUnits: ['ministry_coordinator'],
  inviteUnitContacts: ['ministry_coordinator', 'ngo_admin'],
  pilot: ['ministry_coordinator'],
  escalations: ['ministry_coordinator', 'ngo_admin', 'supervisor'],
  reports: ['ministry_coordinator', 'ngo_admin', 'supervisor'],
  ministryDashboard: ['ministry_coordinator'],
  coordination: ['ministry_coordinator', 'ngo_admin'],
  coordinationManage: ['ministry_coordinator'],
  accreditationManage: ['ministry_coordinator'],
  catalogueManage: ['ministry_coordinator'],
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof AREAS;

export function canUse(user: { roles: readonly Role[] } | null | undefined, area: Area): boolean {
  const allowed: readonly Role[] = AREAS[area];
  return Boolean(user?.roles.some((role) => allowed.includes(role)));
}
