import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { migrations } from '../migrations/index.ts';
import { entities } from './entities.ts';
import { PipeliningClient, dropHeldOnRelease } from './pipelining.ts';

export interface OrmOptions {
  url: string;
  replicaUrls?: string[];
  poolMax?: number;
  logger?: Logger;
}

/**
 * MikroORM reads host, user and database from the URL but drops its query string; handing the
 * URL to pg as well keeps `sslmode`/`sslrootcert` (TLS to CloudNativePG) in force. The client
 * sends statements that need no answer with the next one (db/pipelining.ts).
 */
const driverOptions = (url: string) => ({ connectionString: url, Client: PipeliningClient, onPoolCreated: dropHeldOnRelease });

export function ormConfig(o: OrmOptions): Options {
  return {
    entities,
    clientUrl: o.url,
    driverOptions: driverOptions(o.url),
    // Without replicas, report reads go to the primary through a pool of their own: a request
    // holds its transaction's connection while it reads a report (db/replica.ts), and taking the
    // second from the same pool deadlocks once every connection is held by a request waiting
    // for another — which 50 concurrent report requests did with a pool of 10.
    replicas: (o.replicaUrls?.length ? o.replicaUrls : [o.url]).map((clientUrl) => ({ clientUrl, driverOptions: driverOptions(clientUrl) })),
    // Replicas lag: only reads that ask for one (db/replica.ts, reports) go there, never a
    // job's or a seeder's read that happens outside a transaction.
    preferReadReplicas: false,
    pool: { min: 0, max: o.poolMax ?? 10 },
    extensions: [Migrator],
    migrations: { migrationsList: migrations, tableName: 'mikro_orm_migrations', snapshot: false, silent: true },
    // Session variables (the tenant) are applied with set_config(..., true) inside each transaction.
    sessionContext: 'transaction',
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ensureDatabase: false,
    discovery: { checkDuplicateTableNames: true },
    logger: (msg) => o.logger?.debug({ orm: msg }),
    debug: Boolean(o.logger?.isLevelEnabled('trace')),
  };
}

export const initOrm = (o: OrmOptions) => MikroORM.init(ormConfig(o));
export type Orm = MikroORM;
