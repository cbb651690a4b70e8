import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { LINE_STATUSES, PAYMENT_CHANNELS } from '@/lib/payments/values';

export interface LineView {
  id: string;
  lineNo: number;
  lineRef: string;
  householdId: string;
  householdCode: string;
  recipient: string;
  recipientLatin: string | null;
  proxy: boolean;
  khmerId: string | null;
  channel: string | null;
  account: string | null;
  /** Formatted on the server in the reader's language. */
  amount: string;
  status: string;
  carried: boolean;
}

/** A page of a list's lines (keyset: after the last line number shown), filtered by status with a GET form. */
export async function LinesTable({
  listId,
  rows,
  status,
  after,
  next,
}: {
  listId: string;
  rows: LineView[];
  status?: string;
  after?: number;
  next: number | null;
}) {
  const [t, u, format] = await Promise.all([getTranslations('payments'), getTranslations('ui'), getAppFormatter()]);
  const href = (a?: number) =>
    `/payments/${listId}?${new URLSearchParams(
      Object.entries({ status, after: a === undefined ? undefined : String(a) }).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    ).toString()}#list-lines`;
  const channel = (c: string | null) =>
    c && (PAYMENT_CHANNELS as readonly string[]).includes(c)
      ? t(`channel.${c as (typeof PAYMENT_CHANNELS)[number]}`)
      : '—';
  return (
    <section className="card" aria-labelledby="list-lines">
      <h2 id="list-lines">{t('linesTable.title')}</h2>
      <form className="filters" method="get" action={`/payments/${listId}#list-lines`}>
        <div className="field">
          <label htmlFor="f-line-status">{t('filters.status')}</label>
          <select id="f-line-status" name="status" defaultValue={status ?? ''}>
            <option value="">{t('linesTable.all')}</option>
            {LINE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`lineStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('linesTable.filter')}</button>
      </form>
      {rows.length === 0 ? (
        <p className="muted">{t('linesTable.none')}</p>
      ) : (
        <TableScroll label={u('tableOf', { name: t('linesTable.title') })}>
          <table>
            <caption className="muted">
              {t('linesTable.caption', {
                from: format.number(rows[0]!.lineNo),
                to: format.number(rows[rows.length - 1]!.lineNo),
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('linesTable.ref')}</th>
                <th scope="col">{t('linesTable.household')}</th>
                <th scope="col">{t('linesTable.recipient')}</th>
                <th scope="col">{t('linesTable.khmerId')}</th>
                <th scope="col">{t('linesTable.channel')}</th>
                <th scope="col">{t('linesTable.account')}</th>
                <th scope="col">{t('linesTable.amount')}</th>
                <th scope="col">{t('linesTable.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <code>{r.lineRef}</code>
                  </td>
                  <td>
                    <Link href={`/households/${r.householdId}`}>{r.householdCode}</Link>
                  </td>
                  <td>
                    {r.recipient}
                    {r.recipientLatin && <span className="muted"> ({r.recipientLatin})</span>}
                    {r.proxy && <span className="muted"> — {t('linesTable.proxy')}</span>}
                  </td>
                  <td>{r.khmerId ?? '—'}</td>
                  <td>{channel(r.channel)}</td>
                  <td>{r.account ?? '—'}</td>
                  <td>{r.amount}</td>
                  <td>
                    {t(`lineStatus.${r.status as (typeof LINE_STATUSES)[number]}`)}
                    {r.carried && <span className="muted"> — {t('linesTable.carried')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p>
        {after !== undefined && <Link href={href()}>{t('firstPage')}</Link>}{' '}
        {next !== null && <Link href={href(next)}>{t('nextPage')}</Link>}
      </p>
    </section>
  );
}
