'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useErrorText } from './form/error-text';

type Result = { ok: true } | { ok: false; messageKey: string };

/** A deactivate/reactivate button for one record; the server action re-checks everything. */
export function ActiveToggle({
  active,
  labels,
  toggle,
}: {
  active: boolean;
  labels: { deactivate: string; reactivate: string };
  toggle: (active: boolean) => Promise<Result>;
}) {
  const router = useRouter();
  const errorText = useErrorText();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <button
        type="button"
        className={active ? 'danger' : 'secondary'}
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const res = await toggle(!active);
            if (!res.ok) setError(res.messageKey);
            router.refresh();
          })
        }
      >
        {active ? labels.deactivate : labels.reactivate}
      </button>
      {error && (
        <span className="error" role="alert">
          {' '}
          {errorText(error)}
        </span>
      )}
    </span>
  );
}
