'use client';
import { useTranslations } from 'next-intl';

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errorPages');
  return (
    <div className="narrow">
      <section className="card">
        <h1>{t('errorTitle')}</h1>
        <p>{t('errorText')}</p>
        <button type="button" onClick={reset}>
          {t('retry')}
        </button>
      </section>
    </div>
  );
}
