import fc from 'fast-check';

/** The subset of JSON Schema the OpenAPI document uses (generated from zod). */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number; maxLength?: number;
  minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  items?: Schema; minItems?: number; maxItems?: number;
  properties?: Record<string, Schema>; required?: string[]; additionalProperties?: boolean | Schema;
  anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[];
  default?: unknown; const?: unknown;
}

/** Strings people (and attackers) send: Cyrillic, quotes, SQL and HTML fragments, long runs, control characters. */
const nasty = fc.constantFrom(
  '', ' ', "'", '"; drop table provider; --', '<script>alert(1)</script>', '../../etc/passwd', '%00', '\u0000',
  'А1234', 'A1234', '+380671234567', '0671234567', '1234567890', '00000000-0000-0000-0000-000000000000',
  'Шевченко', 'Іванна Ґалаґан-Ївченко', '😀', 'x'.repeat(5000), 'null', 'true', '1e309', '-1',
);

function stringOf(s: Schema): fc.Arbitrary<string> {
  switch (s.format) {
    case 'uuid': return fc.uuid({ version: [4, 7] });
    case 'email': return fc.emailAddress();
    case 'date': return fc.date({ min: new Date('1930-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'date-time': return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  }
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 1000));
    } catch {
      // an ECMAScript pattern fast-check cannot invert: fall through
    }
  }
  return fc.oneof(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 200) }), nasty);
}

/** Values that satisfy the schema (as far as we can tell from it). */
export function valid(s: Schema): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return fc.oneof(...variants.map(valid));
  if (s.allOf?.length) return valid(Object.assign({}, ...s.allOf));
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : ['string'];
  if (type.length > 1) return fc.oneof(...type.map((t) => valid({ ...s, type: t })));
  switch (type[0]) {
    case 'null': return fc.constant(null);
    case 'boolean': return fc.boolean();
    case 'integer': return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number': return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'array': return fc.array(valid(s.items ?? {}), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 6) });
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = valid(v);
      return fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    default: return stringOf(s);
  }
}

/** Anything at all, JSON-wise: what a broken or hostile client sends. */
export const anything: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nasty,
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
);

/** Mostly valid, sometimes broken: a valid object with one field wrong, missing or extra. */
export function bodyFor(s: Schema): fc.Arbitrary<unknown> {
  const props = Object.keys(s.properties ?? {});
  const broken = props.length
    ? fc.tuple(valid(s), fc.constantFrom(...props), anything, fc.constantFrom('wrong', 'missing', 'extra')).map(([base, key, value, how]) => {
        const o = { ...(base as Record<string, unknown>) };
        if (how === 'wrong') o[key] = value;
        else if (how === 'missing') delete o[key];
        else o[`${key}_extra`] = value;
        return o;
      })
    : anything;
  return fc.oneof({ arbitrary: valid(s), weight: 3 }, { arbitrary: broken, weight: 3 }, { arbitrary: anything, weight: 1 });
}

const WORDS = ['Перевірка', 'допомога', 'сім’я', 'Київ', 'план', 'зв’язок', 'Оксана', 'документи', 'review', 'meeting'];
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Values a careful client sends: valid by the schema and plausible beyond it (words, not
 * control characters; dates near today; a Ukrainian mobile number where the field is a phone;
 * no tax number, whose check digit the schema cannot say). The behaviour pass builds on these.
 */
export function tame(s: Schema, key = ''): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const variants = (s.anyOf ?? s.oneOf)?.filter((v) => v.type !== 'null');
  if (variants?.length) return fc.oneof(...variants.map((v) => tame(v, key)));
  if (s.allOf?.length) return tame(Object.assign({}, ...s.allOf), key);
  const type = (Array.isArray(s.type) ? s.type : s.type ? [s.type] : ['string']).filter((x) => x !== 'null');
  if (/rnokpp|hromadaCode/i.test(key)) return fc.constant(null);
  // Fields whose rules the schema states only in words (a refinement) or not at all.
  if (/^(birthDate|dateOfBirth)$/.test(key)) return fc.integer({ min: 20, max: 60 }).map((y) => dayFromToday(-y * 365.25));
  if (/^(unitCode|unit)$/.test(key)) return fc.constantFrom('А1234', 'А2345');
  if (key === 'mine') return fc.constantFrom('true', 'false');
  if (key === 'period') {
    const year = new Date().getFullYear();
    return fc.constantFrom(`${year}`, `${year}-Q${Math.floor(new Date().getMonth() / 3) + 1}`, `${year}-${String(new Date().getMonth() + 1).padStart(2, '0')}`);
  }
  switch (type[0] ?? 'null') {
    case 'null': return fc.constant(null);
    case 'boolean': return fc.boolean();
    case 'integer': return fc.integer({ min: Math.max(s.minimum ?? 0, s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -Infinity), max: Math.min(s.maximum ?? 30, s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Infinity) });
    case 'number': return fc.integer({ min: Math.max(s.minimum ?? 0, 0), max: Math.min(s.maximum ?? 30, 30) });
    case 'array': {
      const item = /^phones$/.test(key) ? { type: 'string' } : (s.items ?? {});
      return fc.array(tame(item, key === 'phones' ? 'phone' : key), { minLength: Math.max(s.minItems ?? 0, 1), maxLength: Math.max(s.minItems ?? 0, 1, Math.min(s.maxItems ?? 2, 2)) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = tame(v, k);
      return fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
  }
  if (/phone/i.test(key)) return fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `+38067${n}`);
  switch (s.format) {
    case 'uuid': return fc.uuid({ version: [4, 7] });
    case 'email': return fc.integer({ min: 1, max: 99_999 }).map((n) => `fuzz${n}@example.org`);
    // What happened (given, assessed, delivered, reported) is today or before; what is planned (due, valid, starts, ends) today or after.
    case 'date': return (/^(valid|due|ends|expires|review|starts|from$)/i.test(key) ? fc.integer({ min: 0, max: 3 }) : fc.integer({ min: -3, max: 0 })).map(dayFromToday);
    case 'date-time': return fc.integer({ min: -3, max: 0 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString());
  }
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 1000) && v.length >= (s.minLength ?? 0));
    } catch {
      // fall through
    }
  }
  const min = Math.max(s.minLength ?? 1, 1);
  const max = Math.max(min, Math.min(s.maxLength ?? 60, 60));
  return fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(' ').padEnd(min, 'а').slice(0, max).trim().padEnd(min, 'а'));
}
