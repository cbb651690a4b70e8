'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useErrorText } from '@/components/form/error-text';
import { FormError } from '@/components/form/fields';
import { postForm } from '@/components/form/post-form';
import type { GazetteerImportJson } from '@/lib/gazetteer/api-schema';
import { ImportReportView, type ReportCounts } from './import-report';

/**
 * Uploads one or more gazetteer files to POST /api/v1/gazetteer/upload (multipart, streamed to disk by the
 * server) and shows the import's report; `maxBytes` is the server's limit. The chosen files stay chosen
 * when the upload is refused.
 */
export function GazetteerImportForm({ maxBytes }: { maxBytes: number }) {
  const t = useTranslations('gazetteer.form');
  const errorText = useErrorText();
  const router = useRouter();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [report, setReport] = useState<ReportCounts | null>(null);

  const refuse = (key: string) => {
    setFieldError(key);
    input.current?.focus();
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setFieldError(null);
    setFormError(null);
    setReport(null);
    const files = [...(input.current?.files ?? [])];
    // Checked here too, so that a file over the limit is not sent at all.
    if (files.length === 0) return refuse('gazetteerFileRequired');
    if (files.reduce((n, f) => n + f.size, 0) > maxBytes) return refuse('gazetteerFileTooLarge');
    setPending(true);
    try {
      const result = await postForm<GazetteerImportJson>('/api/v1/gazetteer/upload', new FormData(form));
      if (result.ok) {
        setReport(result.data);
        form.reset();
        router.refresh();
      } else if (result.fieldErrors.files?.[0]) {
        refuse(result.fieldErrors.files[0]);
      } else if (result.status === 413) {
        refuse('gazetteerFileTooLarge');
      } else {
        setFormError(result.messageKey);
      }
    } catch {
      setFormError('NETWORK');
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="stack" method="post" encType="multipart/form-data" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={id}>{t('files')}</label>
        <span className="hint" id={`${id}-hint`}>
          {t('filesHint', { max: Math.round(maxBytes / 1024 / 1024) })}
        </span>
        <input
          ref={input}
          id={id}
          type="file"
          name="files"
          multiple
          accept=".csv,.yml,.yaml,.txt,text/csv"
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={`${id}-hint${fieldError ? ` ${id}-error` : ''}`}
        />
        <span className="error" id={`${id}-error`} aria-live="polite">
          {fieldError ? errorText(fieldError) : null}
        </span>
      </div>
      <FormError messageKey={formError} />
      <div role="status">
        {pending && <p>{t('importing')}</p>}
        {report && <p className="form-ok">{t('done')}</p>}
      </div>
      {report && <ImportReportView report={report} />}
      <div>
        <button type="submit" disabled={pending}>
          {t('submit')}
        </button>
      </div>
    </form>
  );
}
