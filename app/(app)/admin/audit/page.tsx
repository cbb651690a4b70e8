import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { pageUser } from '@/lib/auth/page';
import { authActionLabel, refusalCauseLabel } from '@/lib/audit/labels';
import { auditFilterSchema, listAudit, listAuditActions } from '@/lib/audit/query';
import { listStaff } from '@/lib/users/service';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.audit'))('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

function show(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 1);
}

export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  const actor = await pageUser('audit');
  const raw = await searchParams;
  const filter = auditFilterSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const [page, actions, staff] = await Promise.all([
    listAudit(actor, filter),
    listAuditActions(actor),
    listStaff(actor),
  ]);
  const t = await getTranslations('admin.audit');
  const ts = await getTranslations('security.audit');
  // Sign-in entries in words (the code stays beside them, for filtering and searching).
  const actionWords = (action: string) => {
    const label = authActionLabel(action);
    return label ? ts(`actions.${label}`) : null;
  };
  const format = await getFormatter();
  const next = new URLSearchParams(
    Object.entries({ ...filter, before: page.nextBefore ?? undefined })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  return (
    <>
      <h1>{t('title')}</h1>
      <form className="filters" method="get" role="search" aria-label={t('filters')}>
        <div className="field">
          <label htmlFor="f-actor">{t('user')}</label>
          <select id="f-actor" name="actor" defaultValue={filter.actor ?? ''}>
            <option value="">{t('anyUser')}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-action">{t('action')}</label>
          <select id="f-action" name="action" defaultValue={filter.action ?? ''}>
            <option value="">{t('anyAction')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionWords(a) ? `${actionWords(a)} (${a})` : a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">{t('from')}</label>
          <input id="f-from" name="from" type="date" defaultValue={filter.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('to')}</label>
          <input id="f-to" name="to" type="date" defaultValue={filter.to ?? ''} />
        </div>
        <button type="submit">{t('apply')}</button>
        <Link href="/admin/audit">{t('clear')}</Link>
      </form>
      {page.rows.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table>
          <caption className="muted">{t('caption')}</caption>
          <thead>
            <tr>
              <th>{t('when')}</th>
              <th>{t('user')}</th>
              <th>{t('action')}</th>
              <th>{t('record')}</th>
              <th>{t('before')}</th>
              <th>{t('after')}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr key={row.id}>
                <td>{format.dateTime(row.at, { dateStyle: 'medium', timeStyle: 'medium' })}</td>
                <td>{row.actorName ?? (authActionLabel(row.action) ? ts('notSignedIn') : t('system'))}</td>
                <td>
                  {actionWords(row.action) && (
                    <>
                      {actionWords(row.action)}
                      {refusalCauseLabel(row.after) && `: ${ts(`causes.${refusalCauseLabel(row.after)!}`)}`}{' '}
                    </>
                  )}
                  <code>{row.action}</code>
                </td>
                <td>
                  {row.entityType} <code>{row.entityId.slice(0, 8)}</code>
                </td>
                <td>
                  <pre className="change">{show(row.before)}</pre>
                </td>
                <td>
                  <pre className="change">{show(row.after)}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.nextBefore && (
        <p>
          <Link href={`/admin/audit?${next.toString()}`}>{t('older')}</Link>
        </p>
      )}
    </>
  );
}
