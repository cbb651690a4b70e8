'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { setLocaleAction, setLocaleCookieAction } from '@/app/actions';
import styles from './language-switch.module.css';

const LANGUAGES = [
  { locale: 'km', label: 'ខ្មែរ' },
  { locale: 'en', label: 'English' },
] as const;

/** Signed in: saved on the account. Signed out: kept in a cookie. */
export function LanguageSwitch({ signedIn }: { signedIn: boolean }) {
  const current = useLocale();
  const t = useTranslations('shell');
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="lang-switch" role="group" aria-label={t('language')}>
      {LANGUAGES.map(({ locale, label }) => (
        <button
          key={locale}
          type="button"
          className={`secondary ${styles.choice}`}
          lang={locale}
          disabled={pending}
          // The language in use reads as pressed, and looks it (filled, bold, ticked): choosing it again does nothing.
          aria-pressed={current === locale}
          onClick={() =>
            current !== locale &&
            start(async () => {
              await (signedIn ? setLocaleAction : setLocaleCookieAction)({ locale });
              router.refresh();
            })
          }
        >
          {label}
        </button>
      ))}
    </div>
  );
}
