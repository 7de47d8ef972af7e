/**
 * `pnpm keys:rotate`: re-encrypts every encrypted field with the first key of
 * DATA_ENCRYPTION_KEYS (docs/operations.md, "Rotating secrets"). Safe to run again; run it until
 * it reports 0, then drop the old key from the environment.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from '../config.ts';
import { ormConfig } from '../db/orm.ts';
import { rotateAll } from '../lib/key-rotation.ts';
import { createDocumentStorage } from '../lib/storage.ts';
import { documentRotation } from '../modules/cases/documents.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
const orm = await MikroORM.init(ormConfig({ url: config.DATABASE_URL, poolMax: 2 }));
const counts = await rotateAll(orm, config.keyring, (m) => console.log(`› ${m}`), [documentRotation(createDocumentStorage(config))]);
await orm.close();
console.log(`Current key: ${config.keyring.current}. Re-encrypted ${Object.values(counts).reduce((a, b) => a + b, 0)} value(s).`);
