import { describe, expect, it } from 'vitest';
import { safeNext } from '../src/lib/server/session.ts';

describe('safeNext: where a sign-in returns to', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeNext('/audit')).toBe('/audit');
    expect(safeNext('/cases?status=active&page=2#top')).toBe('/cases?status=active&page=2#top');
    expect(safeNext('/cases/%D0%90')).toBe('/cases/%D0%90');
  });

  it('sends anything else home', () => {
    for (const v of [null, undefined, '', 'audit', 'https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      expect(safeNext(v), String(v)).toBe('/');
    }
  });

  // The probe's case: a tab or newline made the Location header invalid (a 500), and browsers
  // drop them from URLs, so `/<tab>/evil.example` would have meant `//evil.example`.
  it('sends a value with control characters home, and never returns one', () => {
    for (const v of ['/\t', '/a\nb', '/\t/evil.example', '/\r\n/evil.example', '/x\u0000', '/\u007f', '/\u0085', '/\u2028']) {
      expect(safeNext(v), JSON.stringify(v)).toBe('/');
    }
  });

  it('returns only characters a Location header may carry', () => {
    for (const v of ['/тест?q=пошук', '/a b', '/a"b<c>']) {
      expect(safeNext(v)).toMatch(/^\/[\x21-\x7e]*$/);
    }
  });
});
