import { useQuery } from '@tanstack/react-query';
import { useLocale } from 'next-intl';
import { useEffect, useState } from 'react';
import type { Names, UnitOption, VillageMatch } from '@/lib/gazetteer/queries';

export type { Names, UnitOption, VillageMatch };

async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The units under `parent` (provinces for null) from GET /api/v1/gazetteer/units; idle while `parent` is ''. */
export function useUnits(parent: string | null) {
  return useQuery({
    queryKey: ['gazetteer', 'units', parent],
    enabled: parent !== '',
    queryFn: ({ signal }) =>
      getJson<{ units: UnitOption[] }>(
        `/api/v1/gazetteer/units${parent ? `?parent=${encodeURIComponent(parent)}` : ''}`,
        signal,
      ).then((r) => r.units),
  });
}

export const MIN_QUERY = 2;

/** Villages matching `q` from GET /api/v1/gazetteer/villages; idle below MIN_QUERY characters. */
export function useVillageSearch(q: string) {
  return useQuery({
    queryKey: ['gazetteer', 'villages', q],
    enabled: q.length >= MIN_QUERY,
    queryFn: ({ signal }) =>
      getJson<{ villages: VillageMatch[] }>(
        `/api/v1/gazetteer/villages?q=${encodeURIComponent(q)}&limit=20`,
        signal,
      ).then((r) => r.villages),
  });
}

/** `value`, once it has stopped changing for `ms`: one request per pause in typing, not per key. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** A name in the interface's script first, the other script after it (paper forms may use either). */
export function useDisplayName() {
  const locale = useLocale();
  return (n: Names): string => {
    const [first, second] = locale === 'km' ? [n.km, n.latin] : [n.latin, n.km];
    return first && second && first !== second ? `${first} · ${second}` : first || second;
  };
}
