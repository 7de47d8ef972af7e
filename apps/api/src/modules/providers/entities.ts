import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { ACCREDITATION_STATUSES } from '@pilot/domain';
import { newId } from '../../lib/ids.ts';

/**
 * A provider is an accredited NGO and the tenant itself. Its row holds no personal data, so
 * the table is readable across tenants (ministry lists providers); provider-owned tables hang
 * off it with `provider_id`, protected by the tenant filter and RLS.
 */
export const Provider = defineEntity({
  name: 'Provider',
  tableName: 'provider',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    name: p.string(),
    edrpou: p.string().unique(),
    oblastCode: p.string(),
    contactEmail: p.string(),
    contactPhone: p.string(),
    accreditationStatus: p.enum(ACCREDITATION_STATUSES).default('pending'),
    /** The accreditation in force (the latest decision to accredit); history in accreditation_decision. */
    accreditedFrom: p.date().nullable(),
    accreditedUntil: p.date().nullable(),
    accreditationDecisionNumber: p.string().nullable(),
    accreditationDecisionDate: p.date().nullable(),
    accreditationChangedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IProvider = InferEntity<typeof Provider>;
