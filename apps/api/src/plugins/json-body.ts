import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Problem } from '../lib/problems.ts';

/**
 * No contract nests deeper than a handful of levels; this leaves room and no more. Deeper JSON
 * parses fine, but code that walks it recursively (the NUL check, validators, serialisers)
 * overflows the stack, and that surfaced as a 500 on any route, before sign-in.
 */
export const MAX_JSON_DEPTH = 32;

/** How deep arrays and objects nest in JSON text, counted without recursion (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Fastify's own JSON parser (prototype-poisoning checks kept), behind a nesting limit. */
export default fp(async function jsonBody(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, raw, done) => {
    const body = raw as string; // parseAs: 'string'
    if (jsonDepth(body) > MAX_JSON_DEPTH) {
      done(new Problem(400, 'json_too_deep', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`, {
        errors: [{ path: 'body', message: `Nested more than ${MAX_JSON_DEPTH} levels deep` }],
      }), undefined);
      return;
    }
    void parse(req, body, done);
  });
}, { name: 'json-body' });
