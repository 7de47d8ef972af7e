import type { MigrationObject } from '@mikro-orm/core';
import { Foundation } from './0001_foundation.ts';
import { Billing } from './0004_billing.ts';
import { AuditChain } from './0005_audit_chain.ts';
import { Mfa } from './0005b_mfa.ts';
import { Cases } from './0002_cases.ts';
import { UnitsReferrals } from './0003_units_referrals.ts';
import { ReferralCases } from './0003a_referral_cases.ts';
import { Ministry } from './0006_ministry.ts';
import { Reports } from './0006a_reports.ts';
import { Katottg } from './0007_katottg.ts';
import { RateLimits } from './0008_rate_limits.ts';

/** Every migration in order. Append new ones; never edit one that has landed. */
export const migrations: MigrationObject[] = [
  { name: '0001_foundation', class: Foundation },
  { name: '0004_billing', class: Billing },
  { name: '0005_audit_chain', class: AuditChain },
  { name: '0005b_mfa', class: Mfa },
  { name: '0002_cases', class: Cases },
  { name: '0003_units_referrals', class: UnitsReferrals },
  { name: '0003a_referral_cases', class: ReferralCases },
  { name: '0006_ministry', class: Ministry },
  { name: '0006a_reports', class: Reports },
  { name: '0007_katottg', class: Katottg },
  { name: '0008_rate_limits', class: RateLimits },
];
