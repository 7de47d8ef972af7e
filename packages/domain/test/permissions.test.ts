import { describe, expect, it } from 'vitest';
import { ACTIONS, AREAS, PERMISSIONS, rolesMay, rolesMayUse, type Action, type Area } from '../src/permissions.ts';
import { ROLES, type Role } from '../src/roles.ts';

const areas = Object.keys(AREAS) as Area[];

describe('the permission table', () => {
  it('names only known roles, each at most once', () => {
    for (const action of ACTIONS) {
      const roles: readonly string[] = PERMISSIONS[action];
      expect(roles.length, action).toBeGreaterThan(0);
      expect(new Set(roles).size, action).toBe(roles.length);
      for (const role of roles) expect(ROLES as readonly string[], `${action}: ${role}`).toContain(role);
    }
  });

  it('is deny by default: a role may do exactly what the table lists it for', () => {
    for (const role of ROLES) {
      for (const action of ACTIONS) {
        expect(rolesMay([role], action), `${role} ${action}`).toBe((PERMISSIONS[action] as readonly Role[]).includes(role));
      }
    }
  });

  it('denies no roles, no user and actions that are not in the table', () => {
    for (const action of ACTIONS) {
      expect(rolesMay([], action)).toBe(false);
      expect(rolesMay(null, action)).toBe(false);
      expect(rolesMay(undefined, action)).toBe(false);
    }
    for (const missing of ['cases.delete', '', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(rolesMay([...ROLES], missing as Action), missing).toBe(false);
    }
  });

  it('allows a user with several roles what any one of them may do', () => {
    expect(rolesMay(['case_manager'], 'staff.manage')).toBe(false);
    expect(rolesMay(['case_manager', 'ngo_admin'], 'staff.manage')).toBe(true);
  });

  it('gives no role every action', () => {
    for (const role of ROLES) expect(ACTIONS.every((action) => rolesMay([role], action)), role).toBe(false);
  });
});

describe('the web areas', () => {
  it('map each to actions that exist in the table', () => {
    for (const area of areas) {
      expect(AREAS[area].length, area).toBeGreaterThan(0);
      for (const action of AREAS[area]) expect(ACTIONS, `${area}: ${action}`).toContain(action);
    }
  });

  it('are usable by at least one role (no area is dead)', () => {
    for (const area of areas) expect(ROLES.some((role) => rolesMayUse([role], area)), area).toBe(true);
  });

  it('are usable exactly by the roles that may perform every action they list', () => {
    for (const role of ROLES) {
      for (const area of areas) {
        expect(rolesMayUse([role], area), `${role} ${area}`).toBe(AREAS[area].every((action) => rolesMay([role], action)));
      }
    }
  });

  it('deny no user and areas that do not exist', () => {
    for (const area of areas) {
      expect(rolesMayUse(null, area)).toBe(false);
      expect(rolesMayUse([], area)).toBe(false);
    }
    for (const missing of ['admin', 'toString', '__proto__']) expect(rolesMayUse([...ROLES], missing as Area), missing).toBe(false);
  });
});
