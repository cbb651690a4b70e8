import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function Forbidden() {
  const t = await getTranslations('errorPages');
  return (
    <div className="narrow">
      <section className="card">
        <h1>{t('forbiddenTitle')}</h1>
        <p>{t('forbiddenText')}</p>
        <p>
          <Link href="/">{t('home')}</Link>
        </p>
      </section>
    </div>
  );
}
