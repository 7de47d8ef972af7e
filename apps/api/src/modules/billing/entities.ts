import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { tenantFilter } from '../../db/tenancy.ts';

/**
 * A provider's billing: the pilot sponsorship (granted by the platform operator or the ministry)
 * and its Stripe customer and subscription, as last fetched from Stripe (never as a client or an
 * event body said). One row per provider; a missing row means "no plan yet".
 */
export const BillingAccount = defineEntity({
  name: 'BillingAccount',
  tableName: 'billing_account',
  filters: tenantFilter,
  properties: {
    providerId: p.uuid().primary(),
    sponsored: p.boolean().default(false),
    pilotSeatLimit: p.integer().nullable(),
    pilotChangedAt: p.datetime().nullable(),
    pilotChangedBy: p.uuid().nullable(),
    stripeCustomerId: p.string().nullable().unique(),
    stripeSubscriptionId: p.string().nullable().unique(),
    stripeItemId: p.string().nullable(),
    stripePriceId: p.string().nullable(),
    subscriptionStatus: p.string().nullable(),
    seatQuantity: p.integer().nullable(),
    currentPeriodEnd: p.datetime().nullable(),
    cancelAtPeriodEnd: p.boolean().default(false),
    pastDueSince: p.datetime().nullable(),
    pastDueNotifiedAt: p.datetime().nullable(),
    restrictedNotifiedAt: p.datetime().nullable(),
    syncedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IBillingAccount = InferEntity<typeof BillingAccount>;

/**
 * One Stripe webhook event, by Stripe's event id: the primary key is what makes an event take
 * effect once however often Stripe delivers it. Platform data (no RLS): only the operator reads it.
 */
export const BillingEvent = defineEntity({
  name: 'BillingEvent',
  tableName: 'billing_event',
  properties: {
    id: p.string().primary(),
    type: p.string(),
    outcome: p.enum(['processed', 'ignored', 'unmatched', 'failed'] as const),
    providerId: p.uuid().nullable(),
    objectId: p.string().nullable(),
    attempts: p.integer().default(1),
    error: p.string().nullable(),
    receivedAt: p.datetime().onCreate(() => new Date()),
    lastAttemptAt: p.datetime().onCreate(() => new Date()),
    processedAt: p.datetime().nullable(),
  },
});
export type IBillingEvent = InferEntity<typeof BillingEvent>;
