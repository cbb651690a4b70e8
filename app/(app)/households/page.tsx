import { getLocale, getTranslations } from 'next-intl/server';
import { MemberSearch } from '@/components/search/member-search';
import { SearchQueryProvider } from '@/components/search/search-query-provider';
import type { Locale } from '@/db/schema/accounts';
import { pageUser } from '@/lib/auth/page';
import { initialSearch, listProvinces } from '@/lib/search/page';
import { firstValues } from '@/lib/search/schema';

export async function generateMetadata() {
  return { title: (await getTranslations('search'))('title') };
}

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
  return (
    <>
      <h1>{t('title')}</h1>
      <SearchQueryProvider>
        <MemberSearch params={params} initial={initial} provinces={provinces} />
      </SearchQueryProvider>
    </>
  );
}
