import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/postgresql';
import { NO_TENANT, tenantFork } from '../../db/tenancy.ts';

/**
 * The audit log's hash chain. Each sealed entry's hash covers its own content and the hash
 * before it, per provider, so changing, removing or reordering an entry breaks every hash
 * after it. Sealing runs as a job (not a trigger) so writers never queue behind one lock.
 */
export const GENESIS = '0'.repeat(64);
const BATCH = 1000;

interface AuditRow {
  id: string; at: Date; provider_id: string | null; actor_id: string | null; action: string; entity: string;
  entity_id: string | null; request_id: string | null; ip: string | null; meta: unknown;
}

export function entryHash(prev: string, r: AuditRow): string {
  const content = JSON.stringify([
    String(r.id), new Date(r.at).toISOString(), r.provider_id, r.actor_id, r.action, r.entity, r.entity_id, r.request_id, r.ip, r.meta ?? null,
  ]);
  return createHash('sha256').update(prev).update('|').update(content).digest('hex');
}

// Written out per case so the (provider_id, ...) indexes serve both.
const ofChain = (providerId: string | null) => (providerId ? 'a.provider_id = ?' : 'a.provider_id is null');
const chainParams = (providerId: string | null) => (providerId ? [providerId] : []);

const AUDIT_COLUMNS = 'a.id, a.at, a.provider_id, a.actor_id, a.action, a.entity, a.entity_id, a.request_id, a.ip, a.meta';

/** Seals the unsealed entries of one chain (a provider, or null for the platform). */
export async function sealChain(em: EntityManager, providerId: string | null): Promise<{ sealed: number; head: string }> {
  const chainId = providerId ?? NO_TENANT;
  await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 42))`, [chainId]);
  const [last] = await em.execute<{ seq: string; hash: string }[]>(
    `select seq, hash from audit_chain where chain_id = ? order by seq desc limit 1`, [chainId]);
  let seq = Number(last?.seq ?? 0);
  let head = last?.hash ?? GENESIS;
  // Entries of transactions still open when the chain was last sealed commit later with
  // lower ids, so look back an hour (no transaction here lives that long); anything older left
  // unsealed shows up in verification.
  const rows = await em.execute<AuditRow[]>(
    `select ${AUDIT_COLUMNS} from audit_log a
      where ${ofChain(providerId)}
        and a.at >= coalesce((select max(sealed_at) from audit_chain where chain_id = ?), '-infinity') - interval '1 hour'
        and not exists (select 1 from audit_chain c where c.audit_id = a.id)
      order by a.id limit ?`,
    [...chainParams(providerId), chainId, BATCH],
  );
  for (const r of rows) {
    const hash = entryHash(head, r);
    seq += 1;
    await em.execute(`insert into audit_chain (chain_id, seq, audit_id, prev_hash, hash) values (?, ?, ?, ?, ?)`, [chainId, seq, r.id, head, hash]);
    head = hash;
  }
  return { sealed: rows.length, head };
}

/** Seals every chain, each in its own tenant-bound transaction; returns the heads it moved. */
export async function sealAll(orm: MikroORM, log: (msg: string, data: object) => void) {
  const providers = await orm.em.fork().getConnection().execute<{ id: string }[]>(`select id from provider order by id`);
  for (const providerId of [null, ...providers.map((p) => p.id)]) {
    const em = tenantFork(orm, { providerId });
    for (;;) {
      const { sealed, head } = await em.transactional((tx) => sealChain(tx, providerId));
      // The head in the log is an anchor outside the database: a rewritten chain won't match it.
      if (sealed) log('audit chain sealed', { chain: providerId ?? 'platform', sealed, head });
      if (sealed < BATCH) break;
    }
  }
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  unsealed: number;
  head: string | null;
  problems: { seq: number; auditId: string | null; problem: 'entry_deleted' | 'entry_changed' | 'link_broken' | 'sequence_gap' }[];
}

/** Recomputes a chain from the entries as they are now and reports every break. */
export async function verifyChain(em: EntityManager, providerId: string | null): Promise<ChainReport> {
  const chainId = providerId ?? NO_TENANT;
  const problems: ChainReport['problems'] = [];
  let expectedPrev = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = await em.execute<(AuditRow & { seq: string; audit_id: string; prev_hash: string; hash: string; present: string | null })[]>(
      `select c.seq, c.audit_id, c.prev_hash, c.hash, a.id as present, ${AUDIT_COLUMNS}
         from audit_chain c left join audit_log a on a.id = c.audit_id
        where c.chain_id = ? and c.seq > ? order by c.seq limit ?`,
      [chainId, after, 5000],
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) problems.push({ seq, auditId: r.audit_id, problem: 'sequence_gap' });
      if (r.prev_hash !== expectedPrev) problems.push({ seq, auditId: r.audit_id, problem: 'link_broken' });
      if (!r.present) problems.push({ seq, auditId: r.audit_id, problem: 'entry_deleted' });
      else if (entryHash(r.prev_hash, r) !== r.hash) problems.push({ seq, auditId: r.audit_id, problem: 'entry_changed' });
      expectedPrev = r.hash;
      expectedSeq = seq + 1;
      checked += 1;
    }
    if (rows.length < 5000) break;
    after = Number(rows.at(-1)!.seq);
  }
  const [u] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from audit_log a where ${ofChain(providerId)}
       and not exists (select 1 from audit_chain c where c.audit_id = a.id)`, chainParams(providerId));
  return { ok: problems.length === 0, checked, unsealed: u?.n ?? 0, head: checked ? expectedPrev : null, problems: problems.slice(0, 100) };
}
