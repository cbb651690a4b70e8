'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { bulkEnrolAction } from '@/app/(app)/programmes/[id]/enrolments/actions';
import { FormError } from '@/components/form/fields';

/**
 * Confirms a bulk enrolment with the very input the preview was computed from (the URL's values,
 * as typed). The server enrols whoever qualifies at that moment; a second click adds nothing.
 */
export function BulkConfirm({ input, count }: { input: Record<string, unknown>; count: number }) {
  const t = useTranslations('enrolments.bulk');
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setPending(true);
    setError(null);
    try {
      const res = await bulkEnrolAction(input);
      if (res.ok) {
        setAdded(res.data.added);
        router.refresh();
      } else setError(res.messageKey);
    } catch {
      setError('NETWORK');
    } finally {
      setPending(false);
    }
  }
  return (
    <div className="stack">
      <FormError messageKey={error} />
      {added !== null && (
        <p className="form-ok" role="status">
          {t('done', { added })}
        </p>
      )}
      <p>
        <button type="button" onClick={confirm} disabled={pending || count === 0}>
          {t('confirm', { count })}
        </button>
      </p>
    </div>
  );
}
