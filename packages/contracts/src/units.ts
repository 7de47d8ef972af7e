import { z } from 'zod';
import { ACCREDITATION_STATUSES, SLA_TARGETS, UNIT_KINDS, UNIT_POSITIONS, UNIT_STATUSES } from '@pilot/domain';
import { page, text, ZIsoDate, ZPageQuery, ZTimestamp, ZUuid } from './common.ts';
import { ZEmail, ZOblastCode, ZPhone } from './identity.ts';
/** `А` + 4 digits; a Latin `A` (and lower case) is accepted and normalised to the Cyrillic `А`. */
import { ZUnitCode } from './cases.ts';

export const ZUnitKind = z.enum(UNIT_KINDS);
export const ZUnitStatus = z.enum(UNIT_STATUSES);
export const ZUnitPosition = z.enum(UNIT_POSITIONS);

// ---- units (ministry data) ----
export const ZUnitRef = z.object({ id: ZUuid, code: z.string(), name: z.string() });
export type TUnitRef = z.infer<typeof ZUnitRef>;

export const ZAssignment = z.object({
  id: ZUuid,
  unitId: ZUuid,
  provider: z.object({ id: ZUuid, name: z.string() }),
  startsOn: ZIsoDate,
  /** Last day served (inclusive); null while open-ended. */
  endsOn: ZIsoDate.nullable(),
  note: z.string().nullable(),
  createdAt: ZTimestamp,
  endedAt: ZTimestamp.nullable(),
});
export type TAssignment = z.infer<typeof ZAssignment>;

export const ZUnit = z.object({
  id: ZUuid,
  code: z.string(),
  name: z.string(),
  kind: ZUnitKind,
  oblastCode: z.string(),
  status: ZUnitStatus,
  /** The assignment in force today, if any. */
  currentAssignment: ZAssignment.nullable(),
  wave: z.object({ id: ZUuid, name: z.string() }).nullable(),
  createdAt: ZTimestamp,
});
export type TUnit = z.infer<typeof ZUnit>;
export const ZUnitPage = page(ZUnit);

export const ZUnitContact = z.object({
  id: ZUuid,
  fullName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  position: ZUnitPosition.nullable(),
  status: z.enum(['invited', 'active', 'deactivated']),
});
export type TUnitContact = z.infer<typeof ZUnitContact>;

export const ZUnitDetail = ZUnit.extend({
  /** Every assignment the unit ever had, newest first: history is kept, never overwritten. */
  assignments: z.array(ZAssignment),
  contacts: z.array(ZUnitContact),
});
export type TUnitDetail = z.infer<typeof ZUnitDetail>;

export const ZUnitCreate = z.strictObject({
  code: ZUnitCode,
  name: text(300),
  kind: ZUnitKind,
  oblastCode: ZOblastCode,
  status: ZUnitStatus.default('active'),
});
export type TUnitCreate = z.input<typeof ZUnitCreate>;

export const ZUnitUpdate = z.strictObject({
  name: text(300).optional(),
  kind: ZUnitKind.optional(),
  oblastCode: ZOblastCode.optional(),
  status: ZUnitStatus.optional(),
});
export type TUnitUpdate = z.infer<typeof ZUnitUpdate>;

export const ZUnitQuery = ZPageQuery.extend({
  q: z.string().max(100).optional(),
  status: ZUnitStatus.optional(),
  assigned: z.enum(['yes', 'no']).optional(),
  providerId: ZUuid.optional(),
  waveId: ZUuid.optional(),
});
export type TUnitQuery = z.infer<typeof ZUnitQuery>;

export const ZAssignmentCreate = z
  .strictObject({
    providerId: ZUuid,
    startsOn: ZIsoDate,
    endsOn: ZIsoDate.nullable().optional(),
    note: text(500).optional(),
  })
  .refine((a) => !a.endsOn || a.endsOn >= a.startsOn, { path: ['endsOn'], message: 'The last day cannot be before the first' });
export type TAssignmentCreate = z.infer<typeof ZAssignmentCreate>;

export const ZAssignmentEnd = z.strictObject({ endsOn: ZIsoDate });
export type TAssignmentEnd = z.infer<typeof ZAssignmentEnd>;

export const ZUnitContactInvite = z.strictObject({
  email: ZEmail,
  fullName: text(200),
  phone: ZPhone.optional(),
  position: ZUnitPosition,
});
export type TUnitContactInvite = z.infer<typeof ZUnitContactInvite>;

// ---- pilot waves ----
export const ZWave = z.object({
  id: ZUuid,
  name: z.string(),
  startsOn: ZIsoDate,
  maxUnits: z.number().int().nullable(),
  units: z.array(ZUnitRef),
  createdAt: ZTimestamp,
});
export type TWave = z.infer<typeof ZWave>;
export const ZWaveList = z.object({ items: z.array(ZWave) });

export const ZWaveCreate = z.strictObject({
  name: text(200),
  startsOn: ZIsoDate,
  maxUnits: z.number().int().min(1).max(10_000).nullable().optional(),
});
export type TWaveCreate = z.infer<typeof ZWaveCreate>;
export const ZWaveUpdate = ZWaveCreate.partial();
export const ZWaveUnitAdd = z.strictObject({ unitId: ZUuid });
export const ZWaveUnitParams = z.strictObject({ id: ZUuid, unitId: ZUuid });

// ---- working calendar and service targets ----
export const ZHoliday = z.object({ date: ZIsoDate, name: z.string() });
export type THoliday = z.infer<typeof ZHoliday>;
export const ZHolidayList = z.object({ items: z.array(ZHoliday) });
export const ZHolidayCreate = z.strictObject({ date: ZIsoDate, name: text(200) });
export const ZHolidayParams = z.strictObject({ date: ZIsoDate });
export const ZHolidayQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const ZServiceTarget = z.enum(SLA_TARGETS);
const targetDays = z.number().int().min(1).max(60);
export const ZPilotSettings = z.object({
  acknowledgementDays: targetDays,
  firstContactDays: targetDays,
  assessmentDays: targetDays,
  /** Ministry coordinators who receive escalations; empty means every coordinator. */
  escalationRecipients: z.array(z.object({ id: ZUuid, fullName: z.string(), email: z.string() })),
  coordinators: z.array(z.object({ id: ZUuid, fullName: z.string(), email: z.string() })),
});
export type TPilotSettings = z.infer<typeof ZPilotSettings>;
export const ZPilotSettingsUpdate = z.strictObject({
  acknowledgementDays: targetDays.optional(),
  firstContactDays: targetDays.optional(),
  assessmentDays: targetDays.optional(),
  escalationRecipientIds: z.array(ZUuid).max(50).optional(),
});
export type TPilotSettingsUpdate = z.infer<typeof ZPilotSettingsUpdate>;

// ---- provider intake (capacity pause) ----
export const ZIntake = z.object({
  paused: z.boolean(),
  since: ZTimestamp.nullable(),
  reason: z.string().nullable(),
});
export type TIntake = z.infer<typeof ZIntake>;
export const ZIntakePause = z.strictObject({ reason: text(500) });

// ---- what a unit contact sees of their unit ----
export const ZMyUnit = z.object({
  unit: ZUnitRef.extend({ kind: ZUnitKind, oblastCode: z.string(), status: ZUnitStatus }),
  position: ZUnitPosition.nullable(),
  /** The provider serving the unit today, with a phone to call; null when none is assigned. */
  provider: z.object({ id: ZUuid, name: z.string(), contactPhone: z.string(), contactEmail: z.string(), intake: ZIntake }).nullable(),
});
export type TMyUnit = z.infer<typeof ZMyUnit>;

// ---- the ministry's view of the pilot (no person-level data) ----
export const ZEscalation = z.object({
  id: ZUuid,
  /** For the provider's own staff; null for the ministry, which never opens a referral. */
  referralId: ZUuid.nullable(),
  unit: ZUnitRef,
  provider: z.object({ id: ZUuid, name: z.string() }),
  target: ZServiceTarget,
  dueAt: ZTimestamp,
  escalatedAt: ZTimestamp,
  /** When the target was met after all (null while still overdue). */
  metAt: ZTimestamp.nullable(),
});
export type TEscalation = z.infer<typeof ZEscalation>;
export const ZEscalationPage = page(ZEscalation);
export const ZEscalationQuery = ZPageQuery.extend({
  open: z.enum(['true', 'false']).optional(),
  providerId: ZUuid.optional(),
});

export const ZPilotOverview = z.object({
  unassignedUnits: z.array(ZUnitRef.extend({ oblastCode: z.string() })),
  pausedProviders: z.array(z.object({ id: ZUuid, name: z.string(), contactPhone: z.string(), since: ZTimestamp, reason: z.string() })),
  openEscalations: z.number().int(),
  /** Units served by a provider that may not take new referrals (its accreditation is not in force). */
  unitsNeedingReassignment: z.array(ZUnitRef.extend({
    oblastCode: z.string(),
    provider: z.object({ id: ZUuid, name: z.string(), accreditationStatus: z.enum(ACCREDITATION_STATUSES) }),
  })),
});
export type TPilotOverview = z.infer<typeof ZPilotOverview>;
