import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { UNIT_KINDS, UNIT_STATUSES } from '@pilot/domain';
import { newId } from '../../lib/ids.ts';

/**
 * Ministry data: the units in the pilot, who serves them, the waves they joined in, the working
 * calendar and the service targets. No provider owns these rows (no tenant filter, no tenant
 * RLS); only ministry coordinators write them.
 */
export const MilitaryUnit = defineEntity({
  name: 'MilitaryUnit',
  tableName: 'military_unit',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    code: p.string().unique(),
    name: p.string(),
    kind: p.enum(UNIT_KINDS),
    oblastCode: p.string(),
    status: p.enum(UNIT_STATUSES).default('active'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IMilitaryUnit = InferEntity<typeof MilitaryUnit>;

/** A unit served by a provider from `startsOn` to `endsOn` (inclusive; null = open-ended). */
export const UnitAssignment = defineEntity({
  name: 'UnitAssignment',
  tableName: 'unit_assignment',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    unitId: p.uuid(),
    providerId: p.uuid(),
    startsOn: p.date(),
    endsOn: p.date().nullable(),
    note: p.string().nullable(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    endedBy: p.uuid().nullable(),
    endedAt: p.datetime().nullable(),
  },
});
export type IUnitAssignment = InferEntity<typeof UnitAssignment>;

export const PilotWave = defineEntity({
  name: 'PilotWave',
  tableName: 'pilot_wave',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    name: p.string().unique(),
    startsOn: p.date(),
    maxUnits: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IPilotWave = InferEntity<typeof PilotWave>;

export const PilotWaveUnit = defineEntity({
  name: 'PilotWaveUnit',
  tableName: 'pilot_wave_unit',
  properties: {
    waveId: p.uuid().primary(),
    unitId: p.uuid().primary(),
    addedAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A day off besides weekends; deadlines in working days skip it. */
export const Holiday = defineEntity({
  name: 'Holiday',
  tableName: 'holiday',
  properties: {
    day: p.date().primary(),
    name: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** The one row of pilot-wide settings: service targets and the ministry's escalation list. */
export const PilotSettings = defineEntity({
  name: 'PilotSettings',
  tableName: 'pilot_settings',
  properties: {
    id: p.boolean().primary(),
    acknowledgementDays: p.integer(),
    firstContactDays: p.integer(),
    assessmentDays: p.integer(),
    escalationRecipientIds: p.array<string>(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IPilotSettings = InferEntity<typeof PilotSettings>;
