import { z } from 'zod';
import { ACCREDITATION_ACTIONS } from '@pilot/domain';
import { text, ZIsoDate, ZTimestamp, ZUuid } from './common.ts';
import { ZAccreditationStatus } from './identity.ts';

// ---- accreditation of providers (the ministry decides) ----
export const ZAccreditationAction = z.enum(ACCREDITATION_ACTIONS);
export const ZAccreditationFlag = z.enum(['expiring', 'expired']).nullable();

const decision = { decisionNumber: text(60), decisionDate: ZIsoDate };

/** A decision: accredit (with its validity), or suspend / revoke (with the reason). */
export const ZAccreditationDecisionCreate = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accredit'), ...decision, validFrom: ZIsoDate, validUntil: ZIsoDate, reason: text(2000).optional() })
    .refine((d) => d.validUntil > d.validFrom, { path: ['validUntil'], message: 'Must be after the start of validity' }),
  z.strictObject({ action: z.literal('suspend'), ...decision, reason: text(2000) }),
  z.strictObject({ action: z.literal('revoke'), ...decision, reason: text(2000) }),
]);
export type TAccreditationDecisionCreate = z.infer<typeof ZAccreditationDecisionCreate>;

export const ZAccreditationDecision = z.object({
  id: ZUuid,
  action: ZAccreditationAction,
  fromStatus: ZAccreditationStatus,
  toStatus: ZAccreditationStatus,
  decisionNumber: z.string(),
  decisionDate: ZIsoDate,
  validFrom: ZIsoDate.nullable(),
  validUntil: ZIsoDate.nullable(),
  reason: z.string().nullable(),
  createdAt: ZTimestamp,
});
export type TAccreditationDecision = z.infer<typeof ZAccreditationDecision>;

/** A provider's accreditation now and how it got there (newest decision first). */
export const ZAccreditation = z.object({
  providerId: ZUuid,
  providerName: z.string(),
  status: ZAccreditationStatus,
  validFrom: ZIsoDate.nullable(),
  validUntil: ZIsoDate.nullable(),
  decisionNumber: z.string().nullable(),
  decisionDate: ZIsoDate.nullable(),
  flag: ZAccreditationFlag,
  receivesReferrals: z.boolean(),
  history: z.array(ZAccreditationDecision),
});
export type TAccreditation = z.infer<typeof ZAccreditation>;
