'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useErrorText } from '@/components/form/error-text';
import type { ImportJobView } from '@/lib/imports/jobs';
import { fetchJobs, JOBS_QUERY, RUNNING } from './import-jobs';

/** `jobId`: the job an "uploaded, being checked" notice is about; the notice goes when that job ends. */
type Outcome = { kind: 'ok' | 'error'; text: string; jobId?: string } | null;

export function UploadForm({ maxBytes }: { maxBytes: number }) {
  const t = useTranslations('imports');
  const errorText = useErrorText();
  const id = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [confirmSimilar, setConfirmSimilar] = useState(false);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const queryClient = useQueryClient();
  // The job list's query (the same cache entry, polled by ImportJobs while a job runs).
  const { data: jobs } = useQuery({ queryKey: JOBS_QUERY, queryFn: fetchJobs, enabled: false });
  const job = outcome?.jobId ? jobs?.find((j) => j.id === outcome.jobId) : undefined;
  const shown = job && !RUNNING.has(job.status) ? null : outcome;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setOutcome({ kind: 'error', text: t('upload.chooseFile') });
    // Refused here already, so that a too-large file is not sent for nothing.
    if (file.size > maxBytes)
      return setOutcome({ kind: 'error', text: t('refusals.tooLarge', { megabytes: maxBytes / 1024 / 1024 }) });
    setPending(true);
    setOutcome(null);
    try {
      const query = new URLSearchParams({ name: file.name, confirmSimilar: confirmSimilar ? '1' : '0' });
      const res = await fetch(`/api/v1/imports/upload?${query}`, {
        method: 'POST',
        body: file,
        headers: { 'Content-Type': 'application/octet-stream' },
      });
      if (res.status !== 201) {
        // The API's one error shape (lib/api/respond.ts): say why (a session that ended, a role that
        // does not allow it), not only that it failed.
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; messageKey?: string } } | null;
        const key = body?.error?.messageKey ?? body?.error?.code;
        setOutcome({ kind: 'error', text: key ? errorText(key) : t('upload.failed') });
        return;
      }
      const created = (await res.json().catch(() => null)) as Pick<ImportJobView, 'id'> | null;
      setOutcome({ kind: 'ok', text: t('upload.uploaded'), jobId: created?.id });
      if (fileRef.current) fileRef.current.value = '';
      await queryClient.invalidateQueries({ queryKey: JOBS_QUERY });
    } catch {
      setOutcome({ kind: 'error', text: t('upload.failed') });
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('upload.heading')}</h2>
      <form className="stack" method="post" noValidate onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('upload.file')}</label>
          <input
            id={`${id}-file`}
            ref={fileRef}
            type="file"
            name="file"
            required
            aria-required
            aria-invalid={outcome?.kind === 'error' || undefined}
            aria-describedby={outcome?.kind === 'error' ? `${id}-outcome` : undefined}
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          />
        </div>
        <div className="field checkbox">
          <label htmlFor={`${id}-similar`}>
            <input
              id={`${id}-similar`}
              type="checkbox"
              checked={confirmSimilar}
              onChange={(e) => setConfirmSimilar(e.target.checked)}
            />{' '}
            {t('upload.confirmSimilar')}
          </label>
        </div>
        <div aria-live="polite">
          {shown && (
            <p
              id={`${id}-outcome`}
              className={shown.kind === 'ok' ? 'form-ok' : 'form-error'}
              role={shown.kind === 'ok' ? 'status' : 'alert'}
            >
              {shown.text}
            </p>
          )}
        </div>
        <div>
          <button type="submit" disabled={pending}>
            {pending ? t('upload.uploading') : t('upload.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
