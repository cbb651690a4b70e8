import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatterFor } from '@/lib/i18n/format';
import { TableScroll } from '@/components/ui/table-scroll';
import type { OperatorUser } from '@/lib/auth/guards';
import { historyRefs, HISTORY_LIMIT, type HistoryEntry } from '@/lib/records/history';
import { describeHistory, looseTranslator } from '@/lib/records/history-text';

/** A record's history from the audit trail: who, when, what, and each field's old → new value. */
export async function HistoryTable({
  actor,
  entries,
  householdView,
}: {
  actor: OperatorUser;
  entries: HistoryEntry[];
  householdView: boolean;
}) {
  const t = await getTranslations('records.history');
  if (entries.length === 0) return <p className="muted">{t('none')}</p>;
  const locale = await getLocale();
  const rows = describeHistory(entries, {
    t: looseTranslator(await getTranslations()),
    format: formatterFor(locale),
    locale,
    refs: await historyRefs(actor, entries),
    householdView,
  });
  return (
    <TableScroll label={t('caption')}>
      <table>
        <caption className="muted">
          {t('caption')}
          {entries.length >= HISTORY_LIMIT ? ` (${HISTORY_LIMIT})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('when')}</th>
            <th scope="col">{t('who')}</th>
            <th scope="col">{t('what')}</th>
            <th scope="col">{t('changes')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.when}</td>
              <td>{r.who}</td>
              <td>{r.memberId ? <Link href={`/members/${r.memberId}`}>{r.what}</Link> : r.what}</td>
              <td>
                {r.changes.length > 0 && (
                  <ul className="changes">
                    {r.changes.map((c, i) => (
                      <li key={i}>{c}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
