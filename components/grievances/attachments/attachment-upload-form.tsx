'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useErrorText } from '@/components/form/error-text';
import { ATTACHMENT_ACCEPT, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_MEGABYTES } from '@/lib/grievances/attachments-sniff';

type Outcome = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Sends one file as the raw body of POST /api/v1/grievances/{id}/attachments (streamed to disk by the
 * server; XMLHttpRequest, since fetch reports no upload progress). The server decides by the content:
 * its refusal (a false extension, say) is shown beside the file input.
 */
export function AttachmentUploadForm({ grievanceId }: { grievanceId: string }) {
  const t = useTranslations('grievancePublic.attachments');
  const errorText = useErrorText();
  const id = useId();
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  function send(file: File): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const url = `/api/v1/grievances/${grievanceId}/attachments?name=${encodeURIComponent(file.name)}`;
      xhr.open('POST', url);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => e.lengthComputable && setPercent(Math.round((100 * e.loaded) / e.total));
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = null;
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new Error('network'));
      xhr.send(file);
    });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setOutcome({ kind: 'error', text: t('chooseFile') });
    // Refused here already, so that a file the server would cut off is not sent for nothing.
    if (file.size > MAX_ATTACHMENT_BYTES) return setOutcome({ kind: 'error', text: errorText('attachmentTooLarge') });
    setOutcome(null);
    setPercent(0);
    try {
      const { status, body } = await send(file);
      if (status === 201) {
        setOutcome({ kind: 'ok', text: t('uploaded') });
        if (fileRef.current) fileRef.current.value = '';
        router.refresh();
        return;
      }
      const error = (body as { error?: { code?: string; messageKey?: string } } | null)?.error;
      const key = error?.messageKey ?? error?.code;
      setOutcome({ kind: 'error', text: key ? errorText(key) : t('failed') });
    } catch {
      setOutcome({ kind: 'error', text: t('failed') });
    } finally {
      setPercent(null);
    }
  }

  const invalid = outcome?.kind === 'error';
  return (
    <form className="stack" method="post" noValidate onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('file', { megabytes: MAX_ATTACHMENT_MEGABYTES })}</label>
        <input
          id={`${id}-file`}
          ref={fileRef}
          type="file"
          name="file"
          accept={ATTACHMENT_ACCEPT}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-outcome` : undefined}
        />
      </div>
      {percent !== null && (
        <progress max={100} value={percent} aria-label={t('uploading', { percent })}>
          {t('uploading', { percent })}
        </progress>
      )}
      <div aria-live="polite">
        {outcome && (
          <p
            id={`${id}-outcome`}
            className={outcome.kind === 'ok' ? 'form-ok' : 'form-error'}
            role={outcome.kind === 'ok' ? 'status' : 'alert'}
          >
            {outcome.text}
          </p>
        )}
      </div>
      <div>
        <button type="submit" disabled={percent !== null}>
          {percent !== null ? t('uploading', { percent }) : t('upload')}
        </button>
      </div>
    </form>
  );
}
