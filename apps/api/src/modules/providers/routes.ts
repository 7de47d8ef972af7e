import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ZIdParams, ZProvider, ZProviderCreate, ZProviderPage, ZProviderQuery, ZProviderUpdate, type TProvider } from '@pilot/contracts';
import { conflict, notFound } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { inviteUser } from '../identity/invitations.ts';
import { ACCREDITATION_EXPIRY_WARNING_DAYS } from '@pilot/domain';
import { today } from '../../lib/clock.ts';
import { addDays } from '@pilot/domain';
import { Provider, type IProvider } from './entities.ts';

export const toProvider = (p: IProvider): TProvider => ({
  id: p.id, name: p.name, edrpou: p.edrpou, oblastCode: p.oblastCode, contactEmail: p.contactEmail,
  contactPhone: p.contactPhone, accreditationStatus: p.accreditationStatus, accreditedUntil: p.accreditedUntil ?? null,
  createdAt: iso(p.createdAt)!,
});

/** The platform operator creates tenants; the ministry reads the list. */
export default async function providerRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/providers', {
    config: { access: 'providers.read' },
    schema: { tags: ['providers'], summary: 'All providers', querystring: ZProviderQuery, response: { 200: ZProviderPage } },
  }, async (req) => {
    const { limit, cursor, q, accreditation } = req.query;
    const after = decodeCursor(cursor, ['text', 'uuid']);
    const where: Record<string, unknown> = {};
    if (q) where.$or = [{ name: { $ilike: `%${q}%` } }, { edrpou: { $like: `${q}%` } }];
    if (accreditation === 'expiring') {
      where.accreditationStatus = 'accredited';
      where.accreditedUntil = { $lte: addDays(today(req.server.clock), ACCREDITATION_EXPIRY_WARNING_DAYS) };
    } else if (accreditation) where.accreditationStatus = accreditation;
    if (after) where.$and = [{ $or: [{ name: { $gt: after[0] } }, { name: after[0], id: { $gt: after[1] } }] }];
    const rows = await req.em.find(Provider, where, { orderBy: { name: 'asc', id: 'asc' }, limit: limit + 1 });
    const page = toPage(rows, limit, (p) => [p.name, p.id]);
    return { items: page.items.map(toProvider), nextCursor: page.nextCursor };
  });

  app.get('/providers/:id', {
    config: { access: 'providers.read' },
    schema: { tags: ['providers'], summary: 'One provider', params: ZIdParams, response: { 200: ZProvider } },
  }, async (req) => {
    const provider = await req.em.findOne(Provider, { id: req.params.id });
    if (!provider) throw notFound();
    return toProvider(provider);
  });

  app.post('/providers', {
    config: { access: 'providers.manage', idempotent: true },
    schema: { tags: ['providers'], summary: 'Create a provider and invite its first NGO admin', body: ZProviderCreate, response: { 201: ZProvider } },
  }, async (req, reply) => {
    const { admin, ...fields } = req.body;
    const provider = req.em.create(Provider, fields);
    try {
      await req.em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw conflict('edrpou_taken', 'A provider with this EDRPOU already exists');
      throw err;
    }
    req.audit('provider.create', 'provider', provider.id);
    await req.crossTenantBind(provider.id);
    await inviteUser(req, { ...admin, roles: ['ngo_admin'], providerId: provider.id, unitId: null, organisation: provider.name });
    reply.code(201);
    return toProvider(provider);
  });

  app.patch('/providers/:id', {
    config: { access: 'providers.manage' },
    schema: { tags: ['providers'], summary: 'Edit a provider', params: ZIdParams, body: ZProviderUpdate, response: { 200: ZProvider } },
  }, async (req) => {
    const provider = await req.em.findOne(Provider, { id: req.params.id });
    if (!provider) throw notFound();
    req.em.assign(provider, req.body);
    req.audit('provider.update', 'provider', provider.id, { fields: Object.keys(req.body) });
    await req.em.flush();
    return toProvider(provider);
  });
}
