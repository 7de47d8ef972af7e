/**
 * The first platform operator of a new installation (no demo data in production):
 *   node apps/api/src/cli/invite-operator.ts --email ops@example.org --name "Олена Оператор"
 * Creates the invited account and prints a one-time link (valid 7 days) to set a password;
 * the operator then creates providers, whose admins are invited by email. Runs with the
 * server's own environment (DATABASE_URL as app_user, PUBLIC_URL), e.g. through
 * `docker compose exec api …` or `kubectl exec deploy/pilot-api -- …`.
 */
import { parseArgs } from 'node:util';
import { initOrm } from '../db/orm.ts';
import { configOrExit } from '../entry.ts';
import { inviteOperator } from '../modules/identity/operators.ts';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
if (!values.email || !values.name) {
  console.error('usage: invite-operator.ts --email ADDRESS --name "FULL NAME"');
  process.exit(2);
}
const config = configOrExit();
const orm = await initOrm({ url: config.DATABASE_URL, poolMax: 1 });
try {
  const link = await inviteOperator(orm, config.publicUrl, { email: values.email, fullName: values.name });
  console.log(`✓ ${values.email} is invited as platform operator. One-time link (7 days), give it to them only:\n  ${link}`);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await orm.close();
}
