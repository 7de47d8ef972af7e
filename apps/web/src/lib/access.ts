/**
 * Which screens each role may use, for the navigation (people see what they can use) and the
 * page guards (direct visits are turned away early). The areas and the roles behind them come
 * from the one permission table in `@pilot/domain` (`AREAS`, expressed as the API's actions);
 * the API enforces access on every call.
 */
import { rolesMayUse, type Area, type Role } from '@pilot/domain';

export type { Area } from '@pilot/domain';

export function canUse(user: { roles: readonly Role[] } | null | undefined, area: Area): boolean {
  return rolesMayUse(user?.roles, area);
}
