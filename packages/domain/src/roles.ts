/** Who uses the platform (domain.md, "Who uses it"). */
export const ROLES = [
  'platform_operator',
  'ministry_coordinator',
  'ngo_admin',
  'supervisor',
  'case_manager',
  'unit_contact',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that belong to a provider (tenant) and act inside it. */
export const PROVIDER_ROLES = ['ngo_admin', 'supervisor', 'case_manager'] as const satisfies readonly Role[];
export type ProviderRole = (typeof PROVIDER_ROLES)[number];

/** Roles that see the pilot across providers and are limited to aggregates. */
export const AGGREGATE_ONLY_ROLES = ['platform_operator', 'ministry_coordinator'] as const satisfies readonly Role[];

export const isProviderRole = (r: Role): r is ProviderRole => (PROVIDER_ROLES as readonly Role[]).includes(r);

/** Which organisation a role is scoped to. */
export type ScopeKind = 'platform' | 'ministry' | 'provider' | 'unit';

export function scopeOf(role: Role): ScopeKind {
  if (role === 'platform_operator') return 'platform';
  if (role === 'ministry_coordinator') return 'ministry';
  if (role === 'unit_contact') return 'unit';
  return 'provider';
}

/** Accreditation of a provider by the ministry (domain.md, "Words"). */
export const ACCREDITATION_STATUSES = ['pending', 'accredited', 'suspended', 'revoked'] as const;
export type AccreditationStatus = (typeof ACCREDITATION_STATUSES)[number];
