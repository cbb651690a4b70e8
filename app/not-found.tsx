import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('errorPages');
  return (
    <div className="narrow">
      <section className="card">
        <h1>{t('notFoundTitle')}</h1>
        <p>{t('notFoundText')}</p>
        <ul>
          <li>
            <Link href="/">{t('home')}</Link>
          </li>
          <li>
            <Link href="/households">{t('households')}</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
