import { getLocale, getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import Link from 'next/link';
import { HelpLink } from '@/components/help/help-link';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { listProgrammes } from '@/lib/programmes/service';
import { ProgrammeStatusBadge, programmeName } from '@/components/programmes/programme-parts';

export async function generateMetadata() {
  return { title: (await getTranslations('programmes'))('title') };
}

/** An operator has a handful of programmes: all are read, and shown a page at a time. */
const PAGE_SIZE = 50;

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function ProgrammesPage({ searchParams }: { searchParams: Search }) {
  const user = await pageUser('programmes');
  const [all, t, f, format, locale] = await Promise.all([
    listProgrammes(user),
    getTranslations('programmes'),
    getTranslations('programmes.form'),
    getAppFormatter(),
    getLocale(),
  ]);
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const asked = Number((await searchParams).page);
  const page = Number.isInteger(asked) && asked >= 1 && asked <= pages ? asked : 1;
  const rows = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const day = (d: string) => format.day(d);
  return (
    <>
      <HelpLink area="programmes" />
      <h1>{t('title')}</h1>
      {can(user, 'programmesManage') && (
        <p>
          <Link href="/programmes/new" className="button">
            {t('new')}
          </Link>
        </p>
      )}
      {all.length === 0 ? (
        <p className="card">{t('empty')}</p>
      ) : (
        <TableScroll label={t('list.caption')}>
          <table>
            <caption className="muted">{t('list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.code')}</th>
                <th scope="col">{t('list.name')}</th>
                <th scope="col">{t('list.benefitType')}</th>
                <th scope="col">{t('list.currency')}</th>
                <th scope="col">{t('list.frequency')}</th>
                <th scope="col">{t('list.dates')}</th>
                <th scope="col">{t('list.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`/programmes/${p.id}`}>{p.code}</Link>
                  </td>
                  <td>{programmeName(p, locale)}</td>
                  <td>{f(`benefitType.${p.benefitType}` as 'benefitType.cash')}</td>
                  <td>{p.currency}</td>
                  <td>{f(`frequency.${p.frequency}` as 'frequency.monthly')}</td>
                  <td>
                    {p.endDate
                      ? t('list.fromTo', { start: day(p.startDate), end: day(p.endDate) })
                      : t('list.from', { start: day(p.startDate) })}
                  </td>
                  <td>
                    <ProgrammeStatusBadge status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {pages > 1 && (
        <nav aria-label={t('list.page', { page, pages })}>
          {page > 1 && <Link href={`/programmes?page=${page - 1}`}>{t('list.previous')}</Link>}{' '}
          <span>{t('list.page', { page, pages })}</span>{' '}
          {page < pages && <Link href={`/programmes?page=${page + 1}`}>{t('list.next')}</Link>}
        </nav>
      )}
    </>
  );
}
