'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

/**
 * next-auth's Credentials sign-in, spoken directly (CSRF token, then the callback with json=true):
 * next-auth/react would add its client and a regenerator runtime to the lightest page we have.
 */
async function credentialsSignIn(email: string, password: string): Promise<string | null> {
  const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${window.location.origin}/`, json: 'true' }),
  });
  const data = (await res.json()) as { url?: string };
  const error = data.url ? new URL(data.url).searchParams.get('error') : 'INVALID';
  return res.ok && !error ? null : (error ?? 'INVALID');
}

/** Plain form on purpose: the sign-in page loads as little JavaScript as possible. */
export function SignInForm() {
  const t = useTranslations('signIn');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const failure = await credentialsSignIn(String(data.get('email') ?? ''), String(data.get('password') ?? ''));
      if (!failure) {
        router.replace('/');
        router.refresh();
        return;
      }
      // A locked or deactivated account is answered as a wrong password: nothing said about the account.
      setError(failure === 'RATE_LIMITED' ? t('rateLimited') : t('invalid'));
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
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-describedby="signin-error"
        />
      </div>
      <p id="signin-error" className={error ? 'form-error' : undefined} aria-live="assertive">
        {error}
      </p>
      <button type="submit" disabled={pending}>
        {pending ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}
