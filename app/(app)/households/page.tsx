import { getLocale, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { MemberSearch } from '@/components/search/member-search';
import { SearchQueryProvider } from '@/components/search/search-query-provider';
import type { Locale } from '@/lib/i18n/locales';
import { HelpLink } from '@/components/help/help-link';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { initialSearch, listProvinces } from '@/lib/search/page';
import { firstValues } from '@/lib/search/schema';
import { ClientMessages } from '@/components/client-messages';

type Search = Promise<Record<string, string | string[] | undefined>>;

/**
 * Search for members and their households. The first page is rendered here from the URL, so the
 * form works without JavaScript (GET); with it, the same form searches as one types.
 */
export default async function HouseholdsPage({ searchParams }: { searchParams: Search }) {
  const user = await pageUser('households');
  const locale = (await getLocale()) as Locale;
  const params = firstValues(await searchParams);
  const [initial, provinces] = await Promise.all([initialSearch(user, params, locale), listProvinces(locale)]);
  const t = await getTranslations('search');
  const ti = await getTranslations('imports');
  const te = await getTranslations('enrol');
  // The export takes the same filters as the search on screen.
  const filters = new URLSearchParams(
    Object.entries(params).filter(([k, v]) => v && k !== 'cursor') as [string, string][],
  );
  const exportHref = (format: string) => `/api/v1/export?${new URLSearchParams([...filters, ['format', format]])}`;
  return (
    <ClientMessages paths={['errors', 'gazetteer.picker', 'search', 'ui.tableOf']}>
      <HelpLink area="households" />
      <h1>{t('title')}</h1>
      {can(user, 'enrolment') && (
        <p>
          <Link href="/households/new" className="button">
            {te('title')}
          </Link>{' '}
          <Link href="/households/import">{ti('openImport')}</Link>
        </p>
      )}
      <SearchQueryProvider>
        <MemberSearch params={params} initial={initial} provinces={provinces} />
      </SearchQueryProvider>
      {can(user, 'export') && (
        <p>
          {ti('export.text')}{' '}
          <a href={exportHref('csv')} download>
            {ti('export.csv')}
          </a>
          {' · '}
          <a href={exportHref('xlsx')} download>
            {ti('export.xlsx')}
          </a>
        </p>
      )}
    </ClientMessages>
  );
}
