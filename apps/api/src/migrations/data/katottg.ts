/**
 * The codifier's hromadas as rows for the `hromada` table: parsed from the data text, names in
 * English by the national transliteration. Kyiv and Sevastopol, cities with special status
 * (category K), are each one row under their own code, like an oblast.
 */
import { OBLASTS, transliterate } from '@pilot/domain';
import { KATOTTG_HROMADAS_TEXT } from './katottg-hromadas.ts';

export interface KatottgHromada {
  code: string; oblastCode: string; raionUk: string | null; raionEn: string | null; nameUk: string; nameEn: string;
}

/** The two cities with special status: a hromada each, under the code of the city. */
export const SPECIAL_STATUS_CITIES = ['UA80000000000093317', 'UA85000000000065278'];

const oblastOf = new Map(OBLASTS.map((o) => [o.code.slice(0, 4), o]));

function parse(text: string): KatottgHromada[] {
  const rows: KatottgHromada[] = [];
  let raion: string | null = null;
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    if (line.startsWith('= ')) {
      raion = line.slice(2);
      continue;
    }
    const m = /^(UA\d{17}) (\S+?)(\*?)$/.exec(line);
    const oblast = m && oblastOf.get(m[1]!.slice(0, 4));
    if (!m || !oblast || !raion) throw new Error(`KATOTTG data: cannot read "${line}"`);
    const [, code, adjective, city] = m as unknown as [string, string, string, string];
    rows.push({
      code, oblastCode: oblast.code,
      raionUk: raion, raionEn: transliterate(raion),
      nameUk: city ? `${adjective} міська громада` : `${adjective} громада`,
      nameEn: `${transliterate(adjective)}${city ? ' city' : ''} hromada`,
    });
  }
  return rows;
}

export const KATOTTG_HROMADAS: KatottgHromada[] = [
  ...parse(KATOTTG_HROMADAS_TEXT),
  ...SPECIAL_STATUS_CITIES.map((code) => {
    const o = OBLASTS.find((x) => x.code === code)!;
    return { code, oblastCode: code, raionUk: null, raionEn: null, nameUk: o.uk, nameEn: o.en };
  }),
];
