import Stripe from 'stripe';
import type { FastifyRequest } from 'fastify';
import { Problem } from '../../lib/problems.ts';
import type { PaidPlan } from '@pilot/domain';
import type { BillingConfig } from '../../config.ts';
import type { Clock } from '../../lib/clock.ts';

/**
 * The official Stripe SDK, configured from the environment. With `STRIPE_API_BASE` it talks to a
 * local fake (tests, the e2e stack); otherwise to api.stripe.com, unchanged.
 */
export function createStripe(config: BillingConfig): Stripe | null {
  if (!config.secretKey) return null;
  const base = config.apiBase;
  return new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'pilot' },
    ...(base ? {
      host: base.hostname,
      port: base.port || (base.protocol === 'https:' ? 443 : 80),
      protocol: base.protocol === 'https:' ? 'https' : 'http',
    } : {}),
  });
}

/** What the billing module needs from the platform: Stripe (or null when billing is off), prices, time. */
export class Billing {
  readonly config: BillingConfig;
  readonly stripe: Stripe | null;
  readonly now: Clock;
  constructor(config: BillingConfig, now: Clock) {
    this.config = config;
    this.stripe = createStripe(config);
    this.now = now;
  }

  get enabled(): boolean {
    return this.stripe !== null;
  }

  get availablePlans(): PaidPlan[] {
    return (['monthly', 'yearly'] as const).filter((p) => this.config.prices[p]);
  }

  planOfPrice(priceId: string | null | undefined): PaidPlan | null {
    return this.availablePlans.find((p) => this.config.prices[p] === priceId) ?? null;
  }
}

/** Stripe trouble is ours to report plainly: the page says "try again", nothing internal leaks. */
export async function callStripe<T>(req: FastifyRequest, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    req.log.error({ err: { message: (err as Error).message, type: (err as { type?: string }).type } }, `stripe: ${what} failed`);
    throw new Problem(503, 'stripe_unavailable', 'The payment provider could not be reached; try again in a minute');
  }
}

export type { Stripe };
