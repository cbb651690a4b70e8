import Link from 'next/link';
import { PublicIntakeLink } from '@/components/grievances/public/links';
import { getLocale, getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { SlaBadge } from '@/components/grievances/sla-badge';
import { HelpLink } from '@/components/help/help-link';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { listCategories } from '@/lib/grievances/categories';
import { escalateBreached } from '@/lib/grievances/escalation';
import { grievanceFiltersSchema, type GrievanceFilters } from '@/lib/grievances/filters';
import { assignableOfficers, countByStatus, listGrievances } from '@/lib/grievances/queries';
import { SLA_STATES } from '@/lib/grievances/sla';
import { GRIEVANCE_CHANNELS, GRIEVANCE_STATUSES } from '@/lib/grievances/values';

export async function generateMetadata() {
  return { title: (await getTranslations('grievances.queue'))('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The grievance queue: filters, counts per status, newest first, keyset paging. */
export default async function GrievancesPage({ searchParams }: { searchParams: Search }) {
  const user = await pageUser('grievances');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = grievanceFiltersSchema.safeParse(raw);
  const filters: GrievanceFilters = parsed.success ? parsed.data : {};
  const now = new Date();
  // Lazy escalation: a breach is recorded the moment anyone looks at the queue (lib/grievances/escalation.ts).
  await escalateBreached(user, now);
  const [page, counts, categories, officers] = await Promise.all([
    listGrievances(user, filters, now),
    countByStatus(user, filters, now),
    listCategories(user),
    assignableOfficers(user),
  ]);
  const t = await getTranslations('grievances');
  const format = await getAppFormatter();
  const km = (await getLocale()) === 'km';
  const link = (over: Partial<GrievanceFilters>) => {
    const q = new URLSearchParams(
      Object.entries({ ...filters, cursor: undefined, ...over })
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => [k, String(v)]),
    );
    return `/grievances?${q.toString()}`;
  };
  const categoryName = (c: { nameKm: string; nameEn: string }) => (km ? c.nameKm : c.nameEn);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return (
    <>
      <HelpLink area="grievances" />
      <h1>{t('queue.title')}</h1>
      <p className="actions">
        {can(user, 'grievanceIntake') && <Link href="/grievances/new">{t('queue.new')}</Link>}{' '}
        {can(user, 'grievanceSettings') && <Link href="/grievances/settings">{t('queue.settings')}</Link>}{' '}
        {can(user, 'grievanceSettings') && <PublicIntakeLink />}
      </p>
      <nav aria-label={t('queue.countsLabel')}>
        <ul className="tabs">
          <li>
            <Link href={link({ status: undefined })} aria-current={!filters.status ? 'page' : undefined}>
              {t('queue.all')} ({total})
            </Link>
          </li>
          {GRIEVANCE_STATUSES.map((s) => (
            <li key={s}>
              <Link href={link({ status: s })} aria-current={filters.status === s ? 'page' : undefined}>
                {t(`status.${s}`)} ({counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form className="filters" method="get" role="search" aria-label={t('queue.filters')}>
        {filters.status && <input type="hidden" name="status" value={filters.status} />}
        <div className="field">
          <label htmlFor="g-q">{t('queue.reference')}</label>
          <input id="g-q" name="q" defaultValue={filters.q ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="g-category">{t('fields.category')}</label>
          <select id="g-category" name="categoryId" defaultValue={filters.categoryId ?? ''}>
            <option value="">{t('queue.any')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {categoryName(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="g-sla">{t('fields.sla')}</label>
          <select id="g-sla" name="sla" defaultValue={filters.sla ?? ''}>
            <option value="">{t('queue.any')}</option>
            {SLA_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`sla.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="g-assignee">{t('fields.assignee')}</label>
          <select id="g-assignee" name="assignee" defaultValue={filters.assignee ?? ''}>
            <option value="">{t('queue.any')}</option>
            <option value="me">{t('queue.mine')}</option>
            <option value="none">{t('queue.unassigned')}</option>
            {officers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="g-channel">{t('fields.channel')}</label>
          <select id="g-channel" name="channel" defaultValue={filters.channel ?? ''}>
            <option value="">{t('queue.any')}</option>
            {GRIEVANCE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="g-from">{t('queue.from')}</label>
          <input id="g-from" name="from" type="date" defaultValue={filters.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="g-to">{t('queue.to')}</label>
          <input id="g-to" name="to" type="date" defaultValue={filters.to ?? ''} />
        </div>
        <button type="submit">{t('queue.apply')}</button>
        <Link href="/grievances">{t('queue.clear')}</Link>
      </form>
      {!parsed.success && (
        <p className="form-error" role="alert">
          {t('queue.badFilters')}
        </p>
      )}
      {page.items.length === 0 ? (
        <p className="muted">{t('queue.none')}</p>
      ) : (
        <TableScroll label={t('queue.caption')}>
          <table>
            <caption className="muted">{t('queue.caption')}</caption>
            <thead>
              <tr>
                <th>{t('fields.reference')}</th>
                <th>{t('fields.received')}</th>
                <th>{t('fields.category')}</th>
                <th>{t('fields.status')}</th>
                <th>{t('fields.priority')}</th>
                <th>{t('fields.assignee')}</th>
                <th>{t('fields.dueOn')}</th>
                <th>{t('fields.sla')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((g) => (
                <tr key={g.id}>
                  <td>
                    <Link href={`/grievances/${g.id}`}>{g.code}</Link>
                    {g.sensitive && <span className="badge"> {t('detail.sensitive')}</span>}
                  </td>
                  <td>{format.date(g.receivedAt)}</td>
                  <td>{km ? g.categoryNameKm : g.categoryNameEn}</td>
                  <td>{t(`status.${g.status}`)}</td>
                  <td>{t(`priority.${g.priority as 'normal'}`)}</td>
                  <td>{g.assigneeName ?? t('queue.unassigned')}</td>
                  <td>{format.day(g.dueOn)}</td>
                  <td>
                    <SlaBadge state={g.sla} label={g.sla ? t(`sla.${g.sla}`) : t('sla.none')} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {page.nextCursor && (
        <p>
          <Link href={`${link({})}&cursor=${encodeURIComponent(page.nextCursor)}`}>{t('queue.older')}</Link>
        </p>
      )}
    </>
  );
}
