/**
 * The floor each scenario is compared with: bare Fastify + node-postgres, one pooled query per
 * request (plus the argon2id check for sign-in), JSON out. Started by bench/run.ts as a child
 * process, beside the API, against the same database. `POST /floor/<index>` with the query
 * parameters (and the password) in the body.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { verifyPassword } from '../apps/api/src/modules/identity/passwords.ts';
import { SCENARIOS } from './scenarios.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const app = Fastify({ logger: false });

app.get('/health', async () => ({ status: 'ok' }));
app.post<{ Params: { i: string }; Body: { params: unknown[]; password?: string } }>('/floor/:i', async (req, reply) => {
  const scenario = SCENARIOS[Number(req.params.i)]!;
  const { rows } = await pool.query(scenario.floor.sql, req.body.params);
  if (scenario.floor.verifyPassword) {
    const ok = rows[0] && (await verifyPassword(rows[0].password_hash, req.body.password ?? ''));
    if (!ok) return reply.code(401).send({ status: 401 });
    return { id: rows[0].id, roles: rows[0].roles };
  }
  return { items: rows };
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
for (const s of ['SIGTERM', 'SIGINT'] as const) process.once(s, async () => { await app.close(); await pool.end(); process.exit(0); });
