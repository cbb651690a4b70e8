'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useAppFormatter } from '@/lib/i18n/use-format';
import type { InitialSearch } from '@/lib/search/page';
import { useErrorText } from '@/components/form/error-text';
import { Labelled, SearchFilters } from './search-filters';
import { SearchResults } from './search-results';
import { formFrom, SearchError, toQueryString, useActiveQuery, useMemberSearch, type Field } from './use-member-search';

interface Props {
  /** The page's URL parameters. */
  params: Record<string, string>;
  initial: InitialSearch;
  provinces: { code: string; name: string }[];
}

/**
 * One search box and the filters. Before the script runs (or without it) this is a plain GET
 * form and the server renders the results; after, results follow the typing.
 */
export function MemberSearch({ params, initial, provinces }: Props) {
  const t = useTranslations('search');
  const format = useAppFormatter();
  const errorText = useErrorText();
  const [form, setForm] = useState(() => formFrom(params));
  const initialQs = toQueryString(formFrom(params));
  const query = useActiveQuery(form, initialQs);
  const search = useMemberSearch(query.active, { qs: initialQs, cursor: params.cursor ?? '', result: initial.result });
  const onChange = (name: Field, value: string) => setForm((f) => ({ ...f, [name]: value }));

  const refused = search.error instanceof SearchError && search.error.status < 500 ? search.error : null;
  const errors = refused?.fields ?? (query.active === initialQs ? initial.fieldErrors : null);
  const pages = search.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const last = pages.at(-1);
  const kinds = last?.matchedAs ?? [];

  let status: string;
  if (search.isFetching && !search.isFetchingNextPage) status = t('loading');
  else if (search.isError && !refused) status = t('failed');
  else if (!last) status = '';
  else if (!items.length) status = query.active.startsWith('q=') && !kinds.length ? t('numberHint') : t('noMatch');
  else
    status = `${t('shown', { count: format.number(items.length) })}${search.hasNextPage ? ` ${t('moreAvailable')}` : ''}`;

  const nextHref = last?.nextCursor
    ? `/households?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query.active)), cursor: last.nextCursor })}`
    : null;

  return (
    <>
      <form
        method="get"
        action="/households"
        role="search"
        aria-label={t('form')}
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          query.now();
        }}
      >
        <Labelled name="q" label={t('query')} hint={t('queryHint')} errors={errors}>
          {(a11y) => (
            <input
              {...a11y}
              name="q"
              type="search"
              value={form.q}
              autoComplete="off"
              maxLength={100}
              onChange={(e) => onChange('q', e.target.value)}
            />
          )}
        </Labelled>
        <SearchFilters form={form} errors={errors} onChange={onChange} provinces={provinces} />
        <p>
          <button type="submit">{t('submit')}</button>{' '}
          <Link href="/households" onClick={() => setForm(formFrom({}))}>
            {t('clear')}
          </Link>
        </p>
      </form>
      {/* A page link whose cursor is not one we made (edited, or from another order): say so, not the error page. */}
      {errors?.cursor?.[0] && (
        <p role="alert" className="error">
          {errorText(errors.cursor[0])}
        </p>
      )}

      {!initial.hasMembers ? (
        <p className="card">{t('empty')}</p>
      ) : (
        <section aria-labelledby="search-results">
          <h2 id="search-results">{t('results')}</h2>
          <p role="status" aria-live="polite">
            {status} {kinds.length > 0 && t('searchedAs', { kinds: kinds.map((k) => t(`kind.${k}`)).join(', ') })}{' '}
            {items.length > 0 && (last?.sort === 'latin' ? t('sortLatin') : t('sortKhmer'))}
          </p>
          {items.length > 0 && <SearchResults items={items} />}
          {nextHref && (
            <p>
              <a
                href={nextHref}
                className="button"
                aria-disabled={search.isFetchingNextPage || undefined}
                onClick={(e) => {
                  e.preventDefault();
                  if (!search.isFetchingNextPage) void search.fetchNextPage();
                }}
              >
                {t('more')}
              </a>
            </p>
          )}
        </section>
      )}
    </>
  );
}
