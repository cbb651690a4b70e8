'use client';
import { signIn } from 'next-auth/react';
import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

/** Plain form on purpose: the sign-in page loads as little JavaScript as possible. */
export function SignInForm() {
  const t = useTranslations('signIn');
  const format = useFormatter();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await signIn('credentials', { email: data.get('email'), password: data.get('password'), redirect: false });
      if (res?.ok && !res.error) {
        router.replace('/');
        router.refresh();
        return;
      }
      const [reason, until] = (res?.error ?? '').split(/:(.*)/s);
      if (reason === 'LOCKED' && until) {
        setError(t('locked', { until: format.dateTime(new Date(until), { dateStyle: 'medium', timeStyle: 'short' }) }));
      } else if (reason === 'RATE_LIMITED') setError(t('rateLimited'));
      else if (reason === 'DEACTIVATED') setError(t('deactivated'));
      else setError(t('invalid'));
    } catch {
      setError(t('network'));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="stack" method="post" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="email">{t('email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required aria-describedby="signin-error" />
      </div>
      <div className="field">
        <label htmlFor="password">{t('password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required aria-describedby="signin-error" />
      </div>
      <p id="signin-error" className={error ? 'form-error' : undefined} aria-live="assertive">{error}</p>
      <button type="submit" disabled={pending}>{pending ? t('submitting') : t('submit')}</button>
    </form>
  );
}
