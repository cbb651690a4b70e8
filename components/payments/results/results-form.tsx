'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useErrorText } from '@/components/form/error-text';
import { FormError } from '@/components/form/fields';
import { postForm } from '@/components/form/post-form';
import type { ImportOutcome } from '@/lib/payments/reconcile';
import { AMOUNT_FORMATS } from '@/lib/payments/values';

/**
 * Uploads a provider's results file for a list to POST /api/v1/payment-lists/{id}/results (multipart,
 * streamed to disk by the server) and says what it did; `maxBytes` is the server's limit. The chosen file
 * and amount format stay as they were when the upload is refused.
 */
export function ResultsForm({ listId, maxBytes }: { listId: string; maxBytes: number }) {
  const t = useTranslations('paymentFiles.results');
  const tp = useTranslations('paymentFiles.providers');
  const errorText = useErrorText();
  const router = useRouter();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);

  const refuse = (key: string) => {
    setFieldError(key);
    input.current?.focus();
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setFieldError(null);
    setFormError(null);
    setOutcome(null);
    const file = input.current?.files?.[0];
    if (!file) return refuse('resultsFileRequired');
    if (file.size > maxBytes) return refuse('resultsFileTooLarge');
    setPending(true);
    try {
      const result = await postForm<ImportOutcome>(`/api/v1/payment-lists/${listId}/results`, new FormData(form));
      if (result.ok) {
        setOutcome(result.data);
        if (result.data.status !== 'refused') {
          form.reset();
          router.refresh();
        }
      } else if (result.fieldErrors.file?.[0]) {
        refuse(result.fieldErrors.file[0]);
      } else if (result.status === 413) {
        refuse('resultsFileTooLarge');
      } else {
        setFormError(result.fieldErrors.amountFormat?.[0] ?? result.messageKey);
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
        <label htmlFor={`${id}-file`}>{t('file')}</label>
        <span className="hint" id={`${id}-hint`}>
          {t('fileHint', { max: Math.round(maxBytes / 1024 / 1024) })}
        </span>
        <input
          ref={input}
          id={`${id}-file`}
          type="file"
          name="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={`${id}-hint${fieldError ? ` ${id}-error` : ''}`}
        />
        <span className="error" id={`${id}-error`} aria-live="polite">
          {fieldError ? errorText(fieldError) : null}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-amounts`}>{t('amountFormat')}</label>
        <select id={`${id}-amounts`} name="amountFormat" defaultValue="decimal">
          {AMOUNT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {tp(`amountFormats.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <FormError messageKey={formError} />
      <div role="status">
        {pending && <p>{t('importing')}</p>}
        {outcome?.status === 'applied' && (
          <p className="form-ok">
            {t('applied', {
              rows: outcome.rows,
              paid: outcome.paid,
              failed: outcome.failed,
              changed: outcome.changed,
              problems: outcome.problems,
            })}
            {outcome.reconciled ? ` ${t('reconciled')}` : ''}
          </p>
        )}
        {outcome?.status === 'alreadyImported' && <p className="form-ok">{t('alreadyImported')}</p>}
      </div>
      {outcome?.status === 'refused' && (
        <p className="form-error" role="alert">
          {t.has(`refusals.${outcome.key}` as 'refusals.empty')
            ? t(`refusals.${outcome.key}` as 'refusals.empty', outcome.params as Record<string, string>)
            : t('refusals.unreadable', { row: String(outcome.params.row ?? 1) })}
        </p>
      )}
      <div>
        <button type="submit" disabled={pending}>
          {t('submit')}
        </button>
      </div>
    </form>
  );
}
