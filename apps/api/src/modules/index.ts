import type { FastifyInstance } from 'fastify';
import authRoutes from './identity/auth-routes.ts';
import staffRoutes from './identity/staff-routes.ts';
import providerRoutes from './providers/routes.ts';
import auditRoutes from './audit/routes.ts';
import sessionRoutes from './identity/session-routes.ts';
import mfaRoutes from './identity/mfa-routes.ts';
import billingRoutes from './billing/routes.ts';
import catalogueRoutes from './catalogue/routes.ts';
import caseRoutes from './cases/routes.ts';
import caseWorkRoutes from './cases/work-routes.ts';
import taskRoutes from './cases/tasks.ts';
import caseExportRoutes from './cases/export.ts';
import transferRoutes from './cases/transfers.ts';
import documentRoutes from './cases/documents.ts';
import peopleRoutes from './cases/people.ts';
import accreditationRoutes from './accreditation/routes.ts';
import coordinationRoutes from './coordination/routes.ts';
import curationRoutes from './catalogue/curation.ts';
import reportRoutes from './reports/routes.ts';

/** Every feature's routes, mounted under /api/v1. */
export async function registerModules(app: FastifyInstance) {
  await app.register(authRoutes);
  await app.register(staffRoutes);
  await app.register(providerRoutes);
  await app.register(auditRoutes);
  await app.register(sessionRoutes);
  await app.register(mfaRoutes);
  await app.register(billingRoutes);
  await app.register(catalogueRoutes);
  await app.register(caseRoutes);
  await app.register(caseWorkRoutes);
  await app.register(taskRoutes);
  await app.register(caseExportRoutes);
  await app.register(transferRoutes);
  await app.register(documentRoutes);
  await app.register(peopleRoutes);
  await app.register(accreditationRoutes);
  await app.register(coordinationRoutes);
  await app.register(curationRoutes);
  await app.register(reportRoutes);
}
