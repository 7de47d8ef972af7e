/**
 * What every generator of the national-scale data receives and returns (seeders/national):
 * the run's options, its own random stream, and what earlier generators handed on.
 */
import type { Role } from '@pilot/domain';
import type { TLocale } from '@pilot/contracts';
import type { Keyring } from '../../lib/crypto.ts';
import type { Random } from './random.ts';
import type { UnitPlan } from './units.ts';
import { FIRST_F, FIRST_M, LAST_NAMES, mobile } from './people.ts';

export interface GeneratorContext {
  /** 1 = the whole country (domain.md, "Scale to plan for"); 0.01 = one hundredth of it. */
  scale: number;
  seed: number;
  /** The data's "now": every date lies before it. Fixed per run, never read from the clock while generating. */
  now: Date;
  /** This generator's own stream (seed + table name). */
  random: Random;
  /** argon2id hash every generated user signs in with, or null (they stay invited). */
  passwordHash: string | null;
  /**
   * Two-factor enrolment of the roles that require it: the encrypted authenticator secret they
   * all share. Without it, those people set up two-factor sign-in at their first sign-in.
   */
  mfa: { roles: readonly Role[]; encryptedSecret: () => string } | null;
  /** The deployment's keys: encrypted columns (RNOKPP) are written so the API can read them. */
  keyring: Keyring;
  /** What generators hand on to later ones. */
  shared: SharedIds;
}

export interface Member { id: string; roles: Role[]; locale: TLocale; name: string; phone: string }

export interface SharedIds {
  providers: {
    id: string; slug: string; name: string; oblast: string; staffCount: number; accredited: boolean;
    status: 'accredited' | 'suspended' | 'revoked'; changedAt: Date;
    accreditation: { number: string; decidedOn: string; from: string; until: string };
  }[];
  /** Staff of each provider, by role, for generators of assignments (cases to case managers, ...). */
  staff: Map<string, Member[]>;
  /** Ministry coordinators (no provider). */
  ministry: Member[];
  /** Units, waves, assignments and contacts, planned once per run (units.ts). */
  units?: UnitPlan;
}

export interface TableGenerator {
  table: string;
  columns: readonly string[];
  /** How many rows `rows` will yield (for the progress bar). */
  count(ctx: GeneratorContext): number;
  rows(ctx: GeneratorContext): Iterable<readonly unknown[]>;
}

export interface TableGroup {
  /** The group's name (its random streams derive from it). */
  name: string;
  tables: readonly { table: string; columns: readonly string[] }[];
  /** Roughly how many rows each table will get (for the progress bars). */
  estimate(ctx: GeneratorContext): Record<string, number>;
  /**
   * Rows in batches, each for one of `tables`, in any order: the loader checks foreign keys
   * once everything is in (seeders/national/index.ts).
   */
  batches(ctx: GeneratorContext): Iterable<Batch>;
  /** Statements to run once the rows are in (e.g. settings that exist as a single row already). */
  finish?(ctx: GeneratorContext): { sql: string; params?: unknown[] }[];
}

export interface Batch { table: string; rows: (readonly unknown[])[] }

export const isGroup = (g: TableGenerator | TableGroup): g is TableGroup => 'batches' in g;

/** National scale: 200 providers (domain.md). */
const PROVIDERS_AT_SCALE_1 = 200;

export const providerCount = (scale: number) => Math.max(2, Math.round(PROVIDERS_AT_SCALE_1 * scale));
export const day = (d: Date) => d.toISOString().slice(0, 10);

export const USER_COLUMNS = ['id', 'email', 'full_name', 'phone', 'password_hash', 'status', 'locale', 'created_at', 'updated_at', 'totp_secret', 'totp_enabled_at'] as const;
export const MEMBERSHIP_COLUMNS = ['id', 'user_id', 'provider_id', 'unit_id', 'roles', 'position', 'created_at'] as const;

/** A user_account row of someone who signs in with one role (staff, coordinators, unit contacts). */
export function userRow(ctx: GeneratorContext, r: Random, email: string, role: Role, createdAt: Date) {
  const id = r.uuid(createdAt);
  const locale: TLocale = r.chance(0.9) ? 'uk' : 'en';
  const enrolled = ctx.passwordHash && ctx.mfa?.roles.includes(role);
  const name = r.chance(0.55) ? `${r.pick(FIRST_F)} ${r.pick(LAST_NAMES).f}` : `${r.pick(FIRST_M).name} ${r.pick(LAST_NAMES).m}`;
  const phone = mobile(r);
  const row = [
    id, email, name, phone, ctx.passwordHash, ctx.passwordHash ? 'active' : 'invited', locale, createdAt, createdAt,
    enrolled ? ctx.mfa!.encryptedSecret() : null, enrolled ? createdAt : null,
  ] as const;
  return { member: { id, roles: [role], locale, name, phone } satisfies Member, row };
}

