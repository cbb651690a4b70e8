import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { notFound } from 'next/navigation';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { DomainError } from '@/lib/errors';
import { ENROLMENT_STATUSES } from '@/lib/payments/values';
import { enrolmentCounts, enrolmentListFilterSchema, listProgrammeEnrolments } from '@/lib/programmes/enrolment-list';
import { getProgramme } from '@/lib/programmes/service';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ProgrammeEnrolmentsPage({ params, searchParams }: Props) {
  const actor = await pageUser('programmes');
  const { id } = await params;
  const programme = await getProgramme(actor, id).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const raw = await searchParams;
  const filter = enrolmentListFilterSchema.parse({
    status: typeof raw.status === 'string' ? raw.status : undefined,
    after: typeof raw.after === 'string' ? raw.after : undefined,
  });
  const [t, format, locale, page, counts] = await Promise.all([
    getTranslations('enrolments'),
    getAppFormatter(),
    getLocale(),
    listProgrammeEnrolments(actor, programme.id, filter),
    enrolmentCounts(actor, programme.id),
  ]);
  const name = locale === 'km' ? programme.nameKm : programme.nameEn;
  const base = `/programmes/${programme.id}/enrolments`;
  const withStatus = (extra: Record<string, string>) =>
    `${base}?${new URLSearchParams({ ...(filter.status ? { status: filter.status } : {}), ...extra })}`;
  return (
    <>
      <h1>{t('list.title', { programme: name })}</h1>
      <p>
        {t('list.counts', {
          active: counts.active ?? 0,
          suspended: counts.suspended ?? 0,
          exited: counts.exited ?? 0,
          graduated: counts.graduated ?? 0,
        })}
      </p>
      {can(actor, 'benefitEnrolment') && programme.status === 'active' && (
        <p>
          <Link className="button" href={`${base}/bulk`}>
            {t('list.bulk')}
          </Link>
        </p>
      )}
      <form method="get" className="inline" aria-label={t('list.filter')}>
        <div className="field">
          <label htmlFor="enrolment-status">{t('list.status')}</label>
          <select id="enrolment-status" name="status" defaultValue={filter.status ?? ''}>
            <option value="">{t('list.all')}</option>
            {ENROLMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('list.filter')}</button>
      </form>
      {page.rows.length === 0 ? (
        <p className="muted">{t('list.empty')}</p>
      ) : (
        <TableScroll label={t('list.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('list.household')}</th>
                <th scope="col">{t('list.person')}</th>
                <th scope="col">{t('section.status')}</th>
                <th scope="col">{t('list.enrolledOn')}</th>
                <th scope="col">{t('list.channel')}</th>
                <th scope="col">{t('section.recipient')}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`${base}/${r.id}`}>{r.householdCode}</Link>
                  </td>
                  <td>
                    {r.memberId ? `${r.personSurname ?? ''} ${r.personGivenName ?? ''}` : t('section.wholeHousehold')}
                  </td>
                  <td>{t(`statuses.${r.status as 'active'}`)}</td>
                  <td>{format.day(r.enrolledOn)}</td>
                  <td>{t(`channels.${(r.channel ?? 'none') as 'none'}`)}</td>
                  <td>{r.recipientSurname ? `${r.recipientSurname} ${r.recipientGivenName ?? ''}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p>
        {filter.after && <Link href={withStatus({})}>{t('list.first')}</Link>}{' '}
        {page.next && <Link href={withStatus({ after: page.next })}>{t('list.next')}</Link>}
      </p>
    </>
  );
}
