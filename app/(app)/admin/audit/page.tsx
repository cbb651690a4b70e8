import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { pageUser } from '@/lib/auth/page';
import { actionLabel, entityLabel } from '@/lib/audit/labels';
import { authActionLabel, refusalCauseLabel } from '@/lib/audit/auth-labels';
import { auditFilterSchema, listAudit, listAuditActions } from '@/lib/audit/query';
import { fieldLabel, looseTranslator, valueText } from '@/lib/records/history-text';
import { listStaff } from '@/lib/users/service';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.audit'))('title') };
}

const NO_REFS = { householdCodes: {}, memberNames: {}, deletedMemberNames: {}, villages: {} };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** A row's values as "field: value" lines in words (the history's wording), not raw JSON. */
function Values({ values, text }: { values: unknown; text: (field: string, v: unknown) => string }) {
  if (!values || typeof values !== 'object' || Object.keys(values).length === 0) return null;
  return (
    <ul className="changes">
      {Object.entries(values).map(([field, v]) => (
        <li key={field}>{text(field, v)}</li>
      ))}
    </ul>
  );
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
  const [t, root, format, locale] = await Promise.all([
    getTranslations('admin.audit'),
    getTranslations(),
    getAppFormatter(),
    getLocale(),
  ]);
  const words = looseTranslator(root);
  const ctx = { t: words, format, locale, householdView: false, refs: NO_REFS };
  // Objects the history has no words for (a bulk job's filters) stay compact JSON: administrators read them.
  const text = (field: string, v: unknown) =>
    words('records.history.value', {
      field: fieldLabel(words, field),
      value:
        field === 'roles' && Array.isArray(v)
          ? v.map((r) => (words.has(`roles.${r}`) ? words(`roles.${r}`) : String(r))).join(', ')
          : Array.isArray(v) || (v !== null && typeof v === 'object' && field !== 'disability')
            ? JSON.stringify(v)
            : valueText(ctx, field, v),
    });
  const ts = await getTranslations('security.audit');
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
                {actionLabel(words, a)}
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
        <TableScroll label={t('caption')}>
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
                  <td>{format.dateTime(row.at)}</td>
                  <td>{row.actorName ?? (authActionLabel(row.action) ? ts('notSignedIn') : t('system'))}</td>
                  <td>
                    {actionLabel(words, row.action)}
                    {refusalCauseLabel(row.after) && `: ${ts(`causes.${refusalCauseLabel(row.after)!}`)}`}
                  </td>
                  <td>
                    {entityLabel(words, row.entityType)} <code>{row.entityId.slice(0, 8)}</code>
                  </td>
                  <td>
                    <Values values={row.before} text={text} />
                  </td>
                  <td>
                    <Values values={row.after} text={text} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {page.nextBefore && (
        <p>
          <Link href={`/admin/audit?${next.toString()}`}>{t('older')}</Link>
        </p>
      )}
    </>
  );
}
