import { Migration } from '@mikro-orm/migrations';
import { HROMADAS as SYNTHETIC } from './0002_cases.seed.ts';
import { KATOTTG_HROMADAS, SPECIAL_STATUS_CITIES } from './data/katottg.ts';

const lit = (s: string | null) => (s === null ? 'null' : `'${s.replaceAll("'", "''")}'`);

/** Tables that carry hromada codes of people or of counts about them. */
const TENANT_TABLES = ['beneficiary', 'report_fact', 'report_suppression'];

/** Stand-in names that the codifier spells otherwise (the city's official name). */
const RENAMED: Record<string, string> = { Сєвєродонецька: 'Сіверськодонецька' };

/**
 * The real hromada of each of migration 0002's stand-in codes: the city hromada of the same
 * name in the same oblast; Kyiv's and Sevastopol's stand-ins are the city itself; Crimea's have
 * none in the codifier data (`null`: the person keeps the oblast, the hromada becomes unknown).
 */
export function replacementOf(synthetic: { code: string; oblastCode: string; uk: string }): string | null {
  if (SPECIAL_STATUS_CITIES.includes(synthetic.oblastCode)) return synthetic.oblastCode;
  const written = synthetic.uk.replace(/ міська$/, '');
  const adjective = RENAMED[written] ?? written;
  const same = KATOTTG_HROMADAS.filter((h) => h.oblastCode === synthetic.oblastCode && h.nameUk.startsWith(`${adjective} `));
  if (same.length === 0 && synthetic.oblastCode.startsWith('UA01')) return null;
  const city = same.filter((h) => h.nameUk === `${adjective} міська громада`);
  const [match] = city.length === 1 ? city : same;
  if (!match || (city.length !== 1 && same.length !== 1)) throw new Error(`0007: no single hromada for ${synthetic.code} ${synthetic.uk}`);
  return match.code;
}

/**
 * The KATOTTG codifier's hromadas (ADR 13) replace the stand-in codes of migration 0002: the
 * hromada table gains the raion, every person and report count is moved to the real hromada of
 * the same city, and the stand-ins are removed.
 */
export class Katottg extends Migration {
  override name = '0007_katottg';

  override up(): void {
    this.addSql(`alter table hromada add column raion_uk text, add column raion_en text`);
    this.addSql(`create index hromada_raion on hromada (oblast_code, raion_uk, name_uk)`);
    this.addSql(`insert into hromada (code, oblast_code, raion_uk, raion_en, name_uk, name_en) values ${KATOTTG_HROMADAS
      .map((h) => `(${[h.code, h.oblastCode, h.raionUk, h.raionEn, h.nameUk, h.nameEn].map(lit).join(', ')})`).join(',\n')}
      on conflict (code) do update set oblast_code = excluded.oblast_code, raion_uk = excluded.raion_uk,
        raion_en = excluded.raion_en, name_uk = excluded.name_uk, name_en = excluded.name_en`);

    // Row-level security is forced on these tables even for their owner, who runs migrations:
    // lifted for this transaction only, to reach every provider's rows.
    for (const t of TENANT_TABLES) this.addSql(`alter table ${t} no force row level security`);
    for (const s of SYNTHETIC) this.repoint(s.code, s.oblastCode, replacementOf(s));
    // The deferred foreign keys are checked now: a table with pending checks cannot be altered.
    this.addSql(`set constraints all immediate`);
    for (const t of TENANT_TABLES) this.addSql(`alter table ${t} force row level security`);
    // A reference left behind fails here, on the foreign key, rather than going unnoticed.
    this.addSql(`delete from hromada where code in (${SYNTHETIC.map((s) => lit(s.code)).join(', ')})`);
  }

  /** Moves people and report counts from a stand-in code to its hromada (or to "unknown"). */
  private repoint(from: string, oblastCode: string, to: string | null): void {
    this.addSql(`update beneficiary set hromada_code = ${lit(to)} where hromada_code = ${lit(from)}`);
    // Counts: the key of an unknown hromada is `_<oblast>`, which may hold counts already, so
    // they are added (a person is in one hromada only); a merged cell is then suppressed as
    // hidden, never shown as "<5" for a sum that may have grown past it.
    const key = to ?? `_${oblastCode}`;
    this.addSql(`insert into report_fact (refresh_id, provider_id, period, scope, scope_key, metric, dim, value)
      select refresh_id, provider_id, period, scope, ${lit(key)}, metric, dim, value from report_fact
        where scope = 'hromada' and scope_key = ${lit(from)}
      on conflict (refresh_id, provider_id, period, scope, scope_key, metric, dim) do update set value = report_fact.value + excluded.value`);
    this.addSql(`delete from report_fact where scope = 'hromada' and scope_key = ${lit(from)}`);
    if (to) {
      this.addSql(`update report_suppression set row_key = ${lit(`h:${to}`)} where row_key = ${lit(`h:${from}`)}`);
    } else {
      this.addSql(`insert into report_suppression (refresh_id, period, metric, row_key, dim, state)
        select refresh_id, period, metric, ${lit(`h:${key}`)}, dim, 'hidden' from report_suppression where row_key = ${lit(`h:${from}`)}
        on conflict (refresh_id, period, metric, row_key, dim) do update set state = 'hidden'`);
      this.addSql(`delete from report_suppression where row_key = ${lit(`h:${from}`)}`);
    }
  }
}
