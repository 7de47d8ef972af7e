import { z } from 'zod';
import { BILLING_STANDINGS, PAID_PLANS } from '@pilot/domain';
import { page, ZPageQuery, ZTimestamp, ZUuid } from './common.ts';

export const ZBillingStanding = z.enum(BILLING_STANDINGS);
export const ZPaidPlan = z.enum(PAID_PLANS);
export const ZBillingPlan = z.enum(['pilot', ...PAID_PLANS]);

/** What every staff member's screen needs: the banner (past due with days left, restricted). */
export const ZBillingStatus = z.object({
  enabled: z.boolean(),
  standing: ZBillingStanding,
  graceEndsAt: ZTimestamp.nullable(),
  graceDaysLeft: z.number().int().nullable(),
});
export type TBillingStatus = z.infer<typeof ZBillingStatus>;

export const ZSeats = z.object({
  /** Staff holding a seat: invited or active. */
  used: z.number().int(),
  /** Null: no cap (each seat is billed). */
  allowed: z.number().int().nullable(),
  sponsored: z.number().int(),
  /** Quantity on the Stripe subscription. */
  billed: z.number().int().nullable(),
});

export const ZMoney = z.object({ amount: z.number().int(), currency: z.string() });

/** The NGO admin's billing page. */
export const ZBillingOverview = ZBillingStatus.extend({
  /** The pilot plan, the paid plan, or both (sponsored seats plus paid extra seats). */
  plans: z.array(ZBillingPlan),
  seats: ZSeats,
  subscription: z.object({
    status: z.string(),
    plan: ZPaidPlan.nullable(),
    currentPeriodEnd: ZTimestamp.nullable(),
    cancelAtPeriodEnd: z.boolean(),
    /** Still in force (or awaiting its first payment): managed in the portal, not bought again. */
    live: z.boolean(),
  }).nullable(),
  nextInvoice: ZMoney.extend({ date: ZTimestamp.nullable() }).nullable(),
  /** Paid plans configured on this platform (a Stripe price id exists for them). */
  availablePlans: z.array(ZPaidPlan),
  hasCustomer: z.boolean(),
  /** Stripe could not be reached for live figures (next invoice); stored state is shown. */
  stripeUnavailable: z.boolean(),
});
export type TBillingOverview = z.infer<typeof ZBillingOverview>;

export const ZInvoice = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.string().nullable(),
  total: z.number().int(),
  currency: z.string(),
  createdAt: ZTimestamp,
  periodStart: ZTimestamp.nullable(),
  periodEnd: ZTimestamp.nullable(),
  hostedUrl: z.string().nullable(),
  pdfUrl: z.string().nullable(),
});
export type TInvoice = z.infer<typeof ZInvoice>;
export const ZInvoicePage = page(ZInvoice);
export const ZInvoiceQuery = ZPageQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const ZCheckoutCreate = z.strictObject({ plan: ZPaidPlan });
export const ZPortalCreate = z.strictObject({
  /** `change_plan` opens the portal on the plan switch of the current subscription. */
  flow: z.enum(['manage', 'change_plan']).default('manage'),
});
export const ZRedirect = z.object({ url: z.url() });
export type TRedirect = z.infer<typeof ZRedirect>;

// ---- platform operator and ministry ----
export const ZProviderBilling = ZBillingStatus.extend({
  /** The provider's id. */
  id: ZUuid,
  providerName: z.string(),
  plans: z.array(ZBillingPlan),
  pilotSeatLimit: z.number().int().nullable(),
  seats: ZSeats,
  subscriptionStatus: z.string().nullable(),
  syncedAt: ZTimestamp.nullable(),
});
export type TProviderBilling = z.infer<typeof ZProviderBilling>;
export const ZProviderBillingPage = page(ZProviderBilling);
export const ZProviderBillingQuery = ZPageQuery.extend({
  q: z.string().max(100).optional(),
  standing: ZBillingStanding.optional(),
});

export const ZPilotGrant = z.strictObject({ seatLimit: z.number().int().min(1).max(10_000) });
export type TPilotGrant = z.infer<typeof ZPilotGrant>;

export const WEBHOOK_OUTCOMES = ['processed', 'ignored', 'unmatched', 'failed'] as const;
export const ZWebhookEvent = z.object({
  id: z.string(),
  type: z.string(),
  outcome: z.enum(WEBHOOK_OUTCOMES),
  providerId: ZUuid.nullable(),
  providerName: z.string().nullable(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  receivedAt: ZTimestamp,
  lastAttemptAt: ZTimestamp,
});
export type TWebhookEvent = z.infer<typeof ZWebhookEvent>;
export const ZWebhookEventPage = page(ZWebhookEvent);
export const ZWebhookEventQuery = ZPageQuery.extend({ outcome: z.enum(WEBHOOK_OUTCOMES).optional() });
