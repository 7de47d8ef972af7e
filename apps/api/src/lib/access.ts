import type { Role } from '@pilot/domain';
import { forbidden, notFound, Problem } from './problems.ts';

/** The signed-in user a request acts for, bound once by the auth plugin. */
export interface Actor {
  userId: string;
  sessionId: string;
  roles: Role[];
  providerId: string | null;
  unitId: string | null;
  /** The role needs two-factor sign-in and it is not set up yet: only set-up is allowed. */
  mfaEnrollment: boolean;
}

/**
 * Who may do what: the one table access is decided from, deny by default. Each feature adds
 * its actions here. Resource-level rules (a case manager's own cases) live in `resourceRules`.
 */
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

export function can(actor: Actor | null, action: Action): boolean {
  if (!actor) return false;
  const allowed: readonly Role[] = PERMISSIONS[action];
  return actor.roles.some((r) => allowed.includes(r));
}

/** A tenant-owned resource as far as access is concerned. */
export interface OwnedResource { providerId: string | null }

/**
 * Throws unless the actor may perform the action (on the resource, when given). A resource
 * that exists but is not the actor's answers 404, exactly like one that does not exist;
 * a role that may not use a collection at all answers 403.
 */
export function requireAccess(actor: Actor | null, action: Action, resource?: OwnedResource | null): asserts actor is Actor {
  if (resource === null) throw notFound();
  if (!can(actor, action)) throw resource ? notFound() : forbidden();
  if (resource && resource.providerId !== null && resource.providerId !== actor!.providerId) throw notFound();
}

/**
 * What a route's config demands of the actor: two-factor set-up done, unless the route is part
 * of setting it up (`mfaSetup`), and the route's own permission (`access`). A route about one
 * resource (`/:id`) answers 404 so it does not confirm the resource exists; a collection 403.
 */
export function requireRouteAccess(actor: Actor, route: { access?: Action; mfaSetup?: boolean } | undefined, routeUrl: string) {
  if (actor.mfaEnrollment && !route?.mfaSetup) {
    throw new Problem(403, 'mfa_enrollment_required', 'Set up two-factor sign-in to continue');
  }
  if (route?.access && !can(actor, route.access)) throw routeUrl.includes(':') ? notFound() : forbidden();
}
