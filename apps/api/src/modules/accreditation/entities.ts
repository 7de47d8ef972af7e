import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { ACCREDITATION_ACTIONS, ACCREDITATION_STATUSES } from '@pilot/domain';
import { newId } from '../../lib/ids.ts';

/**
 * One decision of the ministry on a provider's accreditation, kept for ever (the table refuses
 * updates and deletes). The provider row carries the accreditation now in force.
 */
export const AccreditationDecision = defineEntity({
  name: 'AccreditationDecision',
  tableName: 'accreditation_decision',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    providerId: p.uuid(),
    action: p.enum(ACCREDITATION_ACTIONS),
    fromStatus: p.enum(ACCREDITATION_STATUSES),
    toStatus: p.enum(ACCREDITATION_STATUSES),
    decisionNumber: p.string(),
    decisionDate: p.date(),
    validFrom: p.date().nullable(),
    validUntil: p.date().nullable(),
    reason: p.string().nullable(),
    decidedBy: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IAccreditationDecision = InferEntity<typeof AccreditationDecision>;
