import { rolesMay, type Action, type Role } from '@pilot/domain';
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
 * Who may do what is decided from the one permission table in `@pilot/domain`
 * (`packages/domain/src/permissions.ts`, deny by default), shared with the web's menus and guards.
 * A route names its action in `config.access`; a service asks `can(actor, action)`.
 */
export type { Action } from '@pilot/domain';

export function can(actor: Actor | null, action: Action): boolean {
  return actor ? rolesMay(actor.roles, action) : false;
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
