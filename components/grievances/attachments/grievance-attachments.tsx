import { getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import type { OperatorUser } from '@/lib/auth/guards';
import { can } from '@/lib/auth/policy';
import { listAttachments } from '@/lib/grievances/attachments';
import { AttachmentUploadForm } from './attachment-upload-form';

/**
 * A grievance's attachments, for its page: the list (each a download) and, for those who may attach,
 * the upload form. Server component: sizes and dates are formatted here, in the reader's language.
 *
 *   <GrievanceAttachments user={user} grievanceId={grievance.id} />
 */
export async function GrievanceAttachments({ user, grievanceId }: { user: OperatorUser; grievanceId: string }) {
  const [t, format, files] = await Promise.all([
    getTranslations('grievancePublic.attachments'),
    getAppFormatter(),
    listAttachments(user, grievanceId),
  ]);
  const mayAttach = can(user, 'grievanceIntake') || can(user, 'grievanceHandling');
  return (
    <section className="card stack" aria-labelledby="grievance-attachments-heading">
      <h2 id="grievance-attachments-heading">{t('heading')}</h2>
      {files.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <ul>
          {files.map((f) => (
            <li key={f.id}>
              <a
                href={`/api/v1/grievances/${grievanceId}/attachments/${f.id}`}
                download={f.fileName}
                aria-label={t('download', { name: f.fileName })}
              >
                {f.fileName}
              </a>{' '}
              <span className="muted">
                {t('size', { kilobytes: format.number(Math.max(1, Math.round(f.size / 1024))) })} ·{' '}
                {t('addedOn', {
                  date: format.dateTime(f.createdAt),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayAttach && <AttachmentUploadForm grievanceId={grievanceId} />}
    </section>
  );
}
