import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { HelpLink } from '@/components/help/help-link';
import { TableScroll } from '@/components/ui/table-scroll';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { formatAmount, listPaymentLists, totalsByCurrency } from '@/lib/payments/lists';
import { listQuerySchema } from '@/lib/payments/schemas';
import { LIST_STATUSES } from '@/lib/payments/values';
import { listProgrammes } from '@/lib/programmes/service';

export async function generateMetadata() {
  return { title: (await getTranslations('shell.nav'))('payments') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The operator's payment lists, newest first, filtered by programme and status (?programme=id&status=). */
export default async function PaymentsPage({ searchParams }: { searchParams: Search }) {
  const actor = await pageUser('payments');
  const raw = Object.fromEntries(
    Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]),
  );
  // A filter that does not parse (a stale link) is dropped rather than refused.
  const parsed = listQuerySchema.safeParse(raw);
  const q = parsed.success ? parsed.data : listQuerySchema.parse({});
  const [t, locale, format, page, programmes] = await Promise.all([
    getTranslations('payments'),
    getLocale(),
    getAppFormatter(),
    listPaymentLists(actor, q),
    listProgrammes(actor),
  ]);
  const name = (p: { programmeNameKm: string; programmeNameEn: string }) =>
    locale === 'km' ? p.programmeNameKm : p.programmeNameEn;
  const money = (n: number, c: string) => formatAmount(n, c, locale);
  const filtered = Boolean(q.programme || q.status);
  const link = (after?: string) =>
    `/payments?${new URLSearchParams(
      Object.entries({ programme: q.programme, status: q.status, after }).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    ).toString()}`;
  return (
    <>
      <HelpLink area="payments" />
      <h1>{t('title')}</h1>
      {can(actor, 'paymentLists') && (
        <p>
          <Link className="button" href={q.programme ? `/payments/new?programme=${q.programme}` : '/payments/new'}>
            {t('newList')}
          </Link>
        </p>
      )}
      <form className="filters" method="get" role="search" aria-label={t('filters.legend')}>
        <div className="field">
          <label htmlFor="f-programme">{t('filters.programme')}</label>
          <select id="f-programme" name="programme" defaultValue={q.programme ?? ''}>
            <option value="">{t('filters.allProgrammes')}</option>
            {programmes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.code} — {locale === 'km' ? p.nameKm : p.nameEn}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t('filters.status')}</label>
          <select id="f-status" name="status" defaultValue={q.status ?? ''}>
            <option value="">{t('filters.allStatuses')}</option>
            {LIST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('filters.apply')}</button>
      </form>
      {page.items.length === 0 ? (
        <p className="card">{filtered || q.after ? t('noneMatch') : t('empty')}</p>
      ) : (
        <TableScroll label={t('title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('columns.code')}</th>
                <th scope="col">{t('columns.programme')}</th>
                <th scope="col">{t('columns.period')}</th>
                <th scope="col">{t('columns.status')}</th>
                <th scope="col">{t('columns.lines')}</th>
                <th scope="col">{t('columns.total')}</th>
                <th scope="col">{t('columns.paid')}</th>
                <th scope="col">{t('columns.failed')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link href={`/payments/${l.id}`}>{l.code}</Link>
                  </td>
                  <td>
                    {l.programmeCode} — {name(l)}
                  </td>
                  <td>{format.digits(l.period)}</td>
                  <td>{t(`status.${l.status as (typeof LIST_STATUSES)[number]}`)}</td>
                  <td>{format.number(l.lineCount)}</td>
                  <td>{money(l.totalAmount, l.currency)}</td>
                  <td>{money(l.paidAmount, l.currency)}</td>
                  <td>{money(l.failedAmount, l.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {totalsByCurrency(page.items).map((c) => (
                <tr key={c.currency}>
                  <th scope="row" colSpan={5}>
                    {t('totalsCaption')} ({c.currency})
                  </th>
                  <td>{money(c.total, c.currency)}</td>
                  <td>{money(c.paid, c.currency)}</td>
                  <td />
                </tr>
              ))}
            </tfoot>
          </table>
        </TableScroll>
      )}
      <p>
        {q.after && <Link href={link()}>{t('firstPage')}</Link>}{' '}
        {page.next && <Link href={link(page.next)}>{t('nextPage')}</Link>}
      </p>
    </>
  );
}
