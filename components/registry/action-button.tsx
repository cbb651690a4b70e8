'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useErrorText } from '@/components/form/error-text';

type Result = { ok: true } | { ok: false; messageKey: string };

/** One button for one registry action (retry, review decisions); the server action re-checks the caller. */
export function RegistryActionButton({
  action,
  input,
  label,
  done,
  variant = 'secondary',
}: {
  action: (input: unknown) => Promise<Result>;
  input: unknown;
  label: string;
  done: string;
  variant?: 'secondary' | 'danger' | 'primary';
}) {
  const router = useRouter();
  const errorText = useErrorText();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span>
      <button
        type="button"
        className={variant === 'primary' ? undefined : variant}
        disabled={pending}
        onClick={() =>
          start(async () => {
            setMessage(null);
            const res = await action(input);
            setMessage(res.ok ? { ok: true, text: done } : { ok: false, text: errorText(res.messageKey) });
            router.refresh();
          })
        }
      >
        {label}
      </button>
      <span aria-live="polite">
        {message && (
          <span className={message.ok ? 'muted' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {' '}
            {message.text}
          </span>
        )}
      </span>
    </span>
  );
}
