import { getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import type { GrievanceEventView } from '@/lib/grievances/queries';
import type { GrievanceStatus } from '@/lib/grievances/values';

/** A grievance's history in words, oldest first, in the reader's language. */
export async function GrievanceHistory({ events }: { events: GrievanceEventView[] }) {
  const t = await getTranslations('grievances');
  const format = await getAppFormatter();
  const status = (s: string | null) => (s ? t(`status.${s as GrievanceStatus}`) : '');
  const line = (e: GrievanceEventView) => {
    const actor = e.actorName ?? t('history.someone');
    switch (e.kind) {
      case 'created':
        return e.actorName ? t('history.created', { actor }) : t('history.createdPublic');
      case 'assigned':
        return t('history.assigned', { actor, assignee: e.assigneeName ?? t('history.someone') });
      case 'status':
        return t('history.status', { actor, from: status(e.fromStatus), to: status(e.toStatus) });
      case 'reopened':
        return t('history.reopened', { actor });
      case 'escalated':
        return t('history.escalated');
      case 'attachment':
        return t('history.attachment', { actor });
      default:
        return t('history.comment', { actor });
    }
  };
  return (
    <section className="card" aria-labelledby="g-history">
      <h2 id="g-history">{t('detail.history')}</h2>
      <ol className="history">
        {events.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{format.dateTime(e.at)}</time> {line(e)}
            {/* A comment, a resolution or a reopening's reason, as written; the assignee's id is not shown. */}
            {e.body && e.kind !== 'assigned' && <blockquote>{e.body}</blockquote>}
          </li>
        ))}
      </ol>
    </section>
  );
}
