import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  NotFoundError, OptimisticLockError, RowLevelSecurityViolationException, UniqueConstraintViolationException,
  ForeignKeyConstraintViolationException, CheckConstraintViolationException, NotNullConstraintViolationException,
  ConnectionException,
} from '@mikro-orm/core';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { NOT_FOUND_DETAIL, Problem, type FieldError } from '../lib/problems.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 410: 'Gone', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  423: 'Locked', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable', 507: 'Insufficient Storage',
};

interface ProblemBody {
  type: string; title: string; status: number; detail?: string; code?: string; instance?: string;
  errors?: FieldError[]; [k: string]: unknown;
}

/**
 * Sets status and content type and returns the problem body, for handlers that must answer
 * with an error yet commit their transaction (a failed sign-in still counts the failure).
 */
export function problemBody(reply: FastifyReply, status: number, code: string, detail?: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  reply.code(status).type('application/problem+json');
  return {
    type: `urn:pilot:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    instance: reply.request.id,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, status: number, code: string, detail?: string, extra: Partial<ProblemBody> = {}) {
  return reply.send(problemBody(reply, status, code, detail, extra));
}

/** Turns zod/ajv issues into `errors[]` paths such as `body.email` or `query.limit`. */
function fieldErrors(err: FastifyError): FieldError[] {
  const where = err.validationContext ?? 'body';
  return (err.validation ?? []).map((v) => {
    const pointer = v.instancePath ? v.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
    const unknownKeys = (v.params as { keys?: string[] } | undefined)?.keys;
    if (unknownKeys?.length) {
      return { path: [where, pointer, unknownKeys[0]].filter(Boolean).join('.'), message: v.message ?? 'Invalid value' };
    }
    return { path: [where, pointer].filter(Boolean).join('.'), message: v.message ?? 'Invalid value' };
  });
}

function classify(err: FastifyError): { status: number; code: string; detail?: string; extra?: Partial<ProblemBody> } | null {
  if (err instanceof Problem) return { status: err.status, code: err.code, detail: err.message, extra: { ...(err.errors ? { errors: err.errors } : {}), ...err.extra } };
  if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
    const errors = fieldErrors(err);
    return { status: 400, code: 'invalid_request', detail: `Invalid ${err.validationContext ?? 'request'}: ${errors.map((e) => e.path).join(', ')}`, extra: { errors } };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'malformed_json', detail: 'The request body is not valid JSON', extra: { errors: [{ path: 'body', message: 'Malformed JSON' }] } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', detail: 'Send JSON with Content-Type: application/json' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'body_too_large', detail: 'The request body is too large' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'invalid_content_length', detail: 'Content-Length does not match the body' };
  }
  if (['ENOSPC', 'EDQUOT'].includes((err as { code?: string }).code ?? '')) {
    return { status: 507, code: 'storage_full', detail: 'There is no room to store this right now. Nothing was saved; try again later.' };
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, code: 'database_unavailable', detail: 'The service is briefly unavailable. Try again in a moment.', extra: { retryAfter: 5 } };
  }
  if (err instanceof OptimisticLockError) return { status: 409, code: 'edit_conflict', detail: 'Someone else changed this record; reload and try again' };
  if (err instanceof NotFoundError || err instanceof RowLevelSecurityViolationException) return { status: 404, code: 'not_found', detail: NOT_FOUND_DETAIL };
  if (err instanceof UniqueConstraintViolationException) return { status: 409, code: 'already_exists', detail: 'A record with the same unique value already exists' };
  if (err instanceof ForeignKeyConstraintViolationException) return { status: 422, code: 'invalid_reference', detail: 'A referenced record does not exist' };
  if (err instanceof CheckConstraintViolationException || err instanceof NotNullConstraintViolationException) {
    return { status: 422, code: 'constraint_violation', detail: 'The data breaks a rule of the database' };
  }
  if (err.statusCode === 429) return { status: 429, code: 'rate_limited', detail: err.message };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, code: (err.code ?? 'client_error').toLowerCase(), detail: err.message };
  }
  return null;
}

/** The database went away (restart, failover): a 503 the client may retry, not an internal error. */
function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof ConnectionException) return true;
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  return ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', '08006', '08001', '08003'].includes(code ?? '')
    || /not queryable|Connection terminated|the database system is (shutting down|starting up)/i.test(e.message ?? '');
}

/** The first string holding a NUL character (PostgreSQL cannot store one), as a field path. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = nulPath(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return null;
}

export default fp(async function errors(app: FastifyInstance) {
  // Text with a NUL byte can never be stored: refuse it up front, naming the field, for every route.
  app.addHook('preValidation', async (req) => {
    const path = nulPath(req.body, 'body') ?? nulPath(req.query, 'querystring') ?? nulPath(req.params, 'params');
    if (path) throw new Problem(400, 'invalid_request', `Invalid ${path.split('.')[0]}: ${path}`, { errors: [{ path, message: 'Text may not contain NUL characters' }] });
  });

  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const known = classify(err);
    if (known) {
      if (known.status >= 500) req.log.error({ err }, 'request failed');
      if (known.status === 503) reply.header('retry-after', '5');
      return sendProblem(reply, known.status, known.code, known.detail, known.extra);
    }
    // Internals stay in the log; the body says only that something failed and which request.
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side. Quote the request id when reporting it.');
  });
  app.setNotFoundHandler((req, reply) => sendProblem(reply, 404, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}`));
}, { name: 'errors' });
