/**
 * Who may do what: the one permission table, read by the API (each route's `config.access`,
 * `can(actor, action)`) and by the web (menus, home panels and page guards, through `AREAS`).
 * Deny by default: a role may perform an action only when the action lists it; an action that
 * is not here is allowed to no one. A role change is made here and nowhere else.
 *
 * The API enforces these on every call; the web only uses them to show people what they can use
 * and to turn away direct visits early. Rules about one resource (a case manager's own cases,
 * another provider's rows) are the services' and row-level security's, not this table's.
 */
import type { Role } from './roles.ts';

export const PERMISSIONS = {
  'me.read': ['platform_operator', 'ministry_coordinator', 'ngo_admin', 'supervisor', 'case_manager', 'unit_contact'],
  'staff.manage': ['ngo_admin'],
  'providers.manage': ['platform_operator'],
  'providers.read': ['platform_operator', 'ministry_coordinator'],
  'audit.read': ['platform_operator', 'ngo_admin', 'supervisor'],
  'audit.verify': ['platform_operator', 'ngo_admin'],
  'billing.status': ['ngo_admin', 'supervisor', 'case_manager'],
  'billing.manage': ['ngo_admin'],
  'billing.providers': ['platform_operator', 'ministry_coordinator'],
  'billing.webhooks': ['platform_operator'],
  'catalogue.read': ['platform_operator', 'ministry_coordinator', 'ngo_admin', 'supervisor', 'case_manager', 'unit_contact'],
  'cases.work': ['supervisor', 'case_manager'],
  'cases.supervise': ['supervisor'],
  'notifications.read': ['platform_operator', 'ministry_coordinator', 'ngo_admin', 'supervisor', 'case_manager', 'unit_contact'],
  /** Units, assignments, waves, holidays, service targets: ministry data. */
  'pilot.manage': ['ministry_coordinator'],
  /** The ministry's view of the pilot: unassigned units, paused providers, escalations (no person-level data). */
  'pilot.monitor': ['ministry_coordinator'],
  /** Units: all of them for the ministry, the ones it serves for a provider. */
  'units.read': ['ministry_coordinator', 'ngo_admin', 'supervisor'],
  /** Invite a unit's contacts: the ministry, or the admin of the provider serving the unit. */
  'unitContacts.invite': ['ministry_coordinator', 'ngo_admin'],
  /** A unit contact's own unit and its referrals (a restricted projection). */
  'unitReferrals.use': ['unit_contact'],
  /** The provider's referral inbox (supervisors) and the referrals of one's own cases (case managers). */
  'referrals.read': ['supervisor', 'case_manager'],
  'referrals.decide': ['supervisor'],
  /** Pause or resume intake when at capacity. */
  'intake.manage': ['ngo_admin', 'supervisor'],
  /** Overdue service targets: across providers for the ministry, its own for a provider's admin and supervisors. */
  'escalations.read': ['ministry_coordinator', 'ngo_admin', 'supervisor'],
  // A provider's own staff read their accreditation; the ministry decides it.
  'accreditation.read': ['platform_operator', 'ministry_coordinator', 'ngo_admin', 'supervisor'],
  'accreditation.manage': ['ministry_coordinator'],
  // Coordination centres: the ministry runs them; an NGO admin of a member organisation sees
  // the centre's meetings and instructions and reports on the instructions assigned to it.
  'coordination.read': ['ministry_coordinator', 'ngo_admin'],
  'coordination.manage': ['ministry_coordinator'],
  'coordination.report': ['ministry_coordinator', 'ngo_admin'],
  'catalogue.manage': ['ministry_coordinator'],
  // The pilot report: the ministry's across providers (suppressed), a provider's own for its
  // supervisors and admins (not suppressed: the people are theirs).
  'reports.read': ['ministry_coordinator', 'ngo_admin', 'supervisor'],
  'reports.read_all': ['ministry_coordinator'],
  'reports.refresh': ['ministry_coordinator'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

const isAction = (action: string): action is Action => Object.hasOwn(PERMISSIONS, action);

/** Whether any of the roles may perform the action; no roles, or an action not in the table, is a no. */
export function rolesMay(roles: readonly Role[] | null | undefined, action: Action): boolean {
  if (!roles || !isAction(action)) return false;
  const allowed: readonly Role[] = PERMISSIONS[action];
  return roles.some((role) => allowed.includes(role));
}

/**
 * The web's screen areas, each named by the actions its screens call. A user may use an area
 * when the user may perform every action it lists, so an area's roles follow from the table
 * above and are never listed twice.
 */
export const AREAS = {
  staff: ['staff.manage'],
  providers: ['providers.read'],
  manageProviders: ['providers.manage'],
  audit: ['audit.read'],
  auditVerify: ['audit.verify'],
  /** The provider's own subscription page (the banner showing standing is `billing.status`). */
  billing: ['billing.manage'],
  billingProviders: ['billing.providers'],
  billingWebhooks: ['billing.webhooks'],
  cases: ['cases.work'],
  supervision: ['cases.supervise'],
  catalogue: ['catalogue.read'],
  notifications: ['notifications.read'],
  refer: ['unitReferrals.use'],
  referrals: ['referrals.read'],
  decideReferrals: ['referrals.decide'],
  intake: ['intake.manage'],
  units: ['units.read'],
  manageUnits: ['pilot.manage'],
  inviteUnitContacts: ['unitContacts.invite'],
  /** The ministry's pilot overview, waves and calendar. */
  pilot: ['pilot.monitor', 'pilot.manage'],
  escalations: ['escalations.read'],
  reports: ['reports.read'],
  refreshReports: ['reports.refresh'],
  /** The ministry coordinator's home: the national dashboard and the pilot overview. */
  ministryDashboard: ['reports.read_all', 'pilot.monitor'],
  coordination: ['coordination.read'],
  coordinationManage: ['coordination.manage'],
  accreditationManage: ['accreditation.manage'],
  catalogueManage: ['catalogue.manage'],
} as const satisfies Record<string, readonly [Action, ...Action[]]>;

export type Area = keyof typeof AREAS;

/** Whether the roles may use the area: every action it lists is allowed; an unknown area is a no. */
export function rolesMayUse(roles: readonly Role[] | null | undefined, area: Area): boolean {
  if (!Object.hasOwn(AREAS, area)) return false;
  const actions: readonly Action[] = AREAS[area];
  return actions.length > 0 && actions.every((action) => rolesMay(roles, action));
}
