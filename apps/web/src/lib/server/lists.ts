/** Loads one page of a list screen: filters from the URL, the cursor, and the designed error state. */
import type { RequestEvent } from '@sveltejs/kit';
import { m } from '#paraglide/messages.js';
import { api } from './api.ts';
import { problemMessage } from './forms.ts';

export const PAGE_SIZE = 25;

export interface ListData<T> {
  filters: Record<string, string>;
  filtered: boolean;
  page: { items: T[]; nextCursor: string | null } | null;
  error: string | null;
}

export async function loadList<T>(event: RequestEvent, path: string, filterKeys: readonly string[]): Promise<ListData<T>> {
  const filters = Object.fromEntries(filterKeys.map((key) => [key, event.url.searchParams.get(key)?.trim() ?? '']));
  const cursor = event.url.searchParams.get('cursor');
  const result = await api<{ items: T[]; nextCursor: string | null }>(event, path, {
    query: { ...filters, cursor, limit: PAGE_SIZE },
  });
  return {
    filters,
    filtered: Object.values(filters).some(Boolean),
    page: result.ok ? result.data : null,
    error: result.ok ? null : result.status === 400 ? m.filters_invalid() : problemMessage(result.problem),
  };
}
