'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SearchResult } from '@/lib/search/search';

/** The form's fields, which are also the page's and the API's query parameters. */
export const FIELDS = [
  'q',
  'province',
  'district',
  'commune',
  'village',
  'sex',
  'ageMin',
  'ageMax',
  'disability',
  'status',
] as const;
export type Field = (typeof FIELDS)[number];
export type SearchForm = Record<Field, string>;
export type FieldErrors = Partial<Record<string, string[]>>;

/** Typing pauses this long before the search is sent. */
const DEBOUNCE_MS = 300;

export function formFrom(params: Record<string, string>): SearchForm {
  return Object.fromEntries(FIELDS.map((f) => [f, params[f] ?? ''])) as SearchForm;
}

/** The filled fields as a query string, in a fixed order (it is also the react-query key). */
export function toQueryString(form: SearchForm): string {
  const p = new URLSearchParams();
  for (const f of FIELDS) if (form[f].trim() !== '') p.set(f, form[f]);
  return p.toString();
}

/** A refused search: 400 carries the message keys of the bad fields. */
export class SearchError extends Error {
  constructor(
    readonly status: number,
    readonly fields: FieldErrors | null,
  ) {
    super(`search failed with HTTP ${status}`);
  }
}

async function fetchPage(qs: string, cursor: string, signal: AbortSignal): Promise<SearchResult> {
  const params = new URLSearchParams(qs);
  if (cursor) params.set('cursor', cursor);
  const res = await fetch(`/api/v1/search?${params.toString()}`, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { fields?: FieldErrors } } | null;
    throw new SearchError(res.status, body?.error?.fields ?? null);
  }
  return (await res.json()) as SearchResult;
}

/**
 * The query string being searched: the form's, once typing has paused (or at once on submit).
 * It is also put in the address bar, so that a reload or a shared link shows the same search.
 */
export function useActiveQuery(form: SearchForm, initialQs: string) {
  const qs = toQueryString(form);
  const [active, setActive] = useState(initialQs);
  useEffect(() => {
    if (qs === active) return;
    const timer = setTimeout(() => setActive(qs), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [qs, active]);
  useEffect(() => {
    if (`?${active}` === window.location.search || (!active && !window.location.search)) return;
    window.history.replaceState(window.history.state, '', active ? `?${active}` : window.location.pathname);
  }, [active]);
  return { active, now: () => setActive(qs) };
}

/** Pages of results for a query string; the server-rendered page is the first, if it is this query's. */
export function useMemberSearch(qs: string, initial: { qs: string; cursor: string; result: SearchResult | null }) {
  return useInfiniteQuery({
    queryKey: ['member-search', qs],
    queryFn: ({ pageParam, signal }) => fetchPage(qs, pageParam, signal),
    initialPageParam: '',
    getNextPageParam: (last: SearchResult) => last.nextCursor ?? undefined,
    initialData:
      qs === initial.qs && initial.result ? { pages: [initial.result], pageParams: [initial.cursor] } : undefined,
    // A refused query stays refused; a network or server failure is worth one more try.
    retry: (count, e) => !(e instanceof SearchError && e.status < 500) && count < 1,
  });
}
