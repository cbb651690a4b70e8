'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { setPublicIntakeAction } from '@/app/(app)/grievances/public-intake/actions';
import { FormError } from '@/components/form/fields';

/** One button: turns the public page on when it is off, off when it is on. */
export function PublicIntakeToggle({ enabled }: { enabled: boolean }) {
  const t = useTranslations('grievancePublic.settings');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  return (
    <div>
      <button
        type="button"
        className={enabled ? 'secondary' : undefined}
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            setSaved(false);
            const result = await setPublicIntakeAction({ enabled: !enabled }).catch(() => null);
            if (!result) return setError('NETWORK');
            if (!result.ok) return setError(result.messageKey);
            setSaved(true);
            router.refresh();
          })
        }
      >
        {enabled ? t('turnOff') : t('turnOn')}
      </button>
      <div aria-live="polite">{saved && <p className="form-ok">{t('saved')}</p>}</div>
      <FormError messageKey={error} />
    </div>
  );
}
