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
