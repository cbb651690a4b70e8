'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { TableScroll } from '@/components/ui/table-scroll';
import { useAppFormatter } from '@/lib/i18n/use-format';
import type { ImportJobView } from '@/lib/imports/jobs';

export const JOBS_QUERY = ['imports', 'jobs'];
export const RUNNING = new Set(['queued', 'scanning', 'validating', 'importing']);

export async function fetchJobs(): Promise<ImportJobView[]> {
  const res = await fetch('/api/v1/imports', { cache: 'no-store' });
  if (!res.ok) throw new Error(`jobs answered ${res.status}`);
  return (await res.json()) as ImportJobView[];
}

export function ImportJobs({ initialJobs }: { initialJobs: ImportJobView[] }) {
  const t = useTranslations('imports');
  const format = useAppFormatter();
  const { data: jobs = initialJobs } = useQuery({
    queryKey: JOBS_QUERY,
    queryFn: fetchJobs,
    initialData: initialJobs,
    // Poll once a second while a job runs; stop when all are finished.
    refetchInterval: (q) => (q.state.data?.some((j) => RUNNING.has(j.status)) ? 1000 : false),
  });
  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">{t('jobs.heading')}</h2>
      {jobs.length === 0 ? (
        <p className="card">{t('jobs.none')}</p>
      ) : (
        <TableScroll label={t('jobs.caption')}>
          <table>
            <caption className="muted">{t('jobs.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('jobs.file')}</th>
                <th scope="col">{t('jobs.uploaded')}</th>
                <th scope="col">{t('jobs.status')}</th>
                <th scope="col">{t('jobs.progress')}</th>
                <th scope="col">{t('jobs.result')}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>{j.fileName}</td>
                  <td>{format.dateTime(j.createdAt)}</td>
                  <td>
                    <span className={`badge${j.status === 'refused' || j.status === 'failed' ? ' off' : ''}`}>
                      {t(`status.${j.status}`)}
                    </span>
                  </td>
                  <td>
                    <progress
                      max={100}
                      value={j.progress ?? undefined}
                      aria-label={t('jobs.progressOf', { file: j.fileName })}
                      aria-valuetext={j.progress === null ? t(`status.${j.status}`) : `${format.digits(j.progress)}%`}
                    />
                    {j.progress !== null && <span className="muted"> {format.digits(j.progress)}%</span>}
                  </td>
                  <td>
                    {j.refusal && <p className="form-error">{j.refusal}</p>}
                    {!j.refusal && j.totalRows > 0 && (
                      <p>
                        {t('jobs.counts', {
                          rows: format.number(j.totalRows),
                          invalid: format.number(j.invalidRows),
                          households: format.number(j.createdHouseholds),
                          members: format.number(j.createdMembers),
                          skipped: format.number(j.skippedRows),
                        })}
                      </p>
                    )}
                    {j.hasReport && !RUNNING.has(j.status) && (
                      <a
                        href={`/api/v1/imports/${j.id}/report`}
                        download
                        aria-label={t('jobs.reportOf', { file: j.fileName })}
                      >
                        {t('jobs.report')}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
