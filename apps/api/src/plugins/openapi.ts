import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI 3.1 generated from the same zod schemas that validate; docs UI at /api/docs. */
export default fp(async function openapi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Pilot API', version: '1.0.0', description: 'Social accompaniment of service members and their families.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    // Each operation names the permission it needs (`x-access`, an action of `lib/access.ts`):
    // clients see who may call it, and the fuzz suite calls it as a role that may.
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const access = (input.route.config as { access?: string } | undefined)?.access;
      return access && out.schema ? { ...out, schema: { ...out.schema, 'x-access': access } } : out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { config: { tx: false, public: true, rateLimit: false }, schema: { hide: true } }, async () => app.swagger());
}, { name: 'openapi' });
