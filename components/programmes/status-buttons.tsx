'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { setProgrammeStatusAction } from '@/app/(app)/programmes/actions';
import { FormError } from '@/components/form/fields';
import type { ProgrammeStatus } from '@/lib/programmes/values';

/** Draft → active → closed, each move confirmed first (neither can be undone). */
export function StatusButtons({ id, version, status }: { id: string; version: number; status: ProgrammeStatus }) {
  const t = useTranslations('programmes.view');
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);
  const next: ProgrammeStatus | null = status === 'draft' ? 'active' : status === 'active' ? 'closed' : null;
  if (!next) return null;

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      const res = await setProgrammeStatusAction({ id, version, status: next });
      if (!res.ok) return setError(res.fieldErrors?.status?.[0] ?? res.messageKey);
      setAsking(false);
      router.refresh();
    } catch {
      setError('NETWORK');
    } finally {
      setPending(false);
    }
  }

  return (
    <div>
      {!asking ? (
        <button type="button" onClick={() => setAsking(true)}>
          {next === 'active' ? t('activate') : t('close')}
        </button>
      ) : (
        <div role="alertdialog" aria-labelledby={`${id}-confirm`} className="card">
          <p id={`${id}-confirm`} ref={question} tabIndex={-1}>
            {next === 'active' ? t('confirmActivate') : t('confirmClose')}
          </p>
          <div className="actions-row">
            <button type="button" disabled={pending} onClick={() => void confirm()}>
              {t('confirm')}
            </button>
            <button type="button" className="secondary" disabled={pending} onClick={() => setAsking(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      <FormError messageKey={error} />
    </div>
  );
}
