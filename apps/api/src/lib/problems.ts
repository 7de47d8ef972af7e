/**
 * Errors the API answers with, as RFC 9457 problem details. Services throw these; the errors
 * plugin turns them (and framework, validation and database errors) into problem+json.
 */
/** One invalid field; `code` (when given) lets clients say it in their own language. */
export interface FieldError { path: string; message: string; code?: string }

export class Problem extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;
  constructor(status: number, code: string, detail: string, opts: { errors?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }
}

/**
 * The one not-found answer. It names no kind of record: when a route touches several (a plan
 * step, then its case), a detail that said which was missing would tell a caller which ids
 * exist beyond their reach (issue 22). Every id refused, not yours or not there, reads the same.
 */
export const NOT_FOUND_DETAIL = 'Not found';
export const notFound = () => new Problem(404, 'not_found', NOT_FOUND_DETAIL);
export const forbidden = (detail = 'You may not do this') => new Problem(403, 'forbidden', detail);
export const unauthorized = (detail = 'Sign in to continue', code = 'unauthorized') => new Problem(401, code, detail);
export const conflict = (code: string, detail: string) => new Problem(409, code, detail);
/** A rule of the domain refuses the request (e.g. closing a case without an outcome). */
export const unprocessable = (code: string, detail: string, errors?: FieldError[]) => new Problem(422, code, detail, { errors });
export const badRequest = (detail: string, errors?: FieldError[]) => new Problem(400, 'invalid_request', detail, { errors });
