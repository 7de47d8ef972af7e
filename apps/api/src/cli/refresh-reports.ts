/**
 * `pnpm reports:refresh [year …]`: recomputes the pilot report now (this year by default), as
 * the hourly job does, and prints how long each phase took and the process's peak memory (to
 * size the worker). Reads DATABASE_URL (the app role: each provider's counts are computed
 * inside its own tenant) and REPORT_REFRESH_CONCURRENCY.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config.ts';
import { ormConfig } from '../db/orm.ts';
import { systemClock } from '../lib/clock.ts';
import { refreshReports, yearsToRefresh } from '../modules/reports/refresh.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must point at the database.');
  process.exit(2);
}
const years = process.argv.slice(2).map(Number).filter((y) => Number.isInteger(y) && y > 2000);
const { REPORT_REFRESH_CONCURRENCY: concurrency } = loadConfig(process.env);
const orm = await MikroORM.init(ormConfig({ url, poolMax: concurrency + 1 }));
try {
  for (const year of years.length ? years : yearsToRefresh(systemClock)) {
    const r = await refreshReports({ orm, clock: systemClock, log: { info: () => {} } }, year, { concurrency });
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`✓ ${year}: ${r.providers} providers, ${r.suppressed} cells suppressed, ${s(r.ms)} (counting ${s(r.phases.counting)}, `
      + `suppressing ${s(r.phases.suppressing)}, publishing ${s(r.phases.publishing)}); peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  }
} finally {
  await orm.close();
}
