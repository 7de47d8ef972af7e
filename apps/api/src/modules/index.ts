import type { FastifyInstance } from 'fastify';
import authRoutes from './identity/auth-routes.ts';
import staffRoutes from './identity/staff-routes.ts';
import providerRoutes from './providers/routes.ts';
import auditRoutes from './audit/routes.ts';
import sessionRoutes from './identity/session-routes.ts';
import mfaRoutes from './identity/mfa-routes.ts';
import billingRoutes from './billing/routes.ts';
import notificationRoutes from './notifications/routes.ts';
import unitRoutes from './units/routes.ts';
import waveRoutes from './units/waves.ts';
import calendarRoutes from './units/calendar.ts';
import unitReferralRoutes from './referrals/unit-routes.ts';
import providerReferralRoutes from './referrals/provider-routes.ts';
import intakeRoutes from './referrals/intake.ts';
import pilotRoutes from './referrals/pilot-routes.ts';

/** Every feature's routes, mounted under /api/v1. */
export async function registerModules(app: FastifyInstance) {
  await app.register(authRoutes);
  await app.register(staffRoutes);
  await app.register(providerRoutes);
  await app.register(auditRoutes);
  await app.register(sessionRoutes);
  await app.register(mfaRoutes);
  await app.register(billingRoutes);
  await app.register(notificationRoutes);
  await app.register(unitRoutes);
  await app.register(waveRoutes);
  await app.register(calendarRoutes);
  await app.register(unitReferralRoutes);
  await app.register(providerReferralRoutes);
  await app.register(intakeRoutes);
  await app.register(pilotRoutes);
}
