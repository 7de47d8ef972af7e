import { z } from 'zod';

export const ZUuid = z.uuid();
export const ZIdParams = z.strictObject({ id: ZUuid });
export type TIdParams = z.infer<typeof ZIdParams>;

/** ISO date (YYYY-MM-DD), e.g. a date of birth or a due date. */
export const ZIsoDate = z.iso.date();
/** ISO timestamp with offset, as the API returns them. */
export const ZTimestamp = z.iso.datetime({ offset: true });

/** Cursor pagination: `limit` defaults to 50, at most 200; the cursor is opaque. */
export const ZPageQuery = z.strictObject({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** RFC 9457 problem details, with `errors[]` naming each invalid field. */
export const ZProblem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
  /** Seconds to wait before trying again (429, 503). */
  retryAfter: z.number().int().optional(),
});
export type TProblem = z.infer<typeof ZProblem>;

/** A trimmed, non-empty line of text. */
export const text = (max: number) => z.string().trim().min(1).max(max);

export const ZLocale = z.enum(['uk', 'en']);
export type TLocale = z.infer<typeof ZLocale>;
