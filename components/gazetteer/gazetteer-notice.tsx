import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { gazetteerStatus } from '@/lib/gazetteer/status';

/** On the home page until a gazetteer is imported: addresses cannot be entered before. */
export async function GazetteerNotice({ platformAdmin }: { platformAdmin: boolean }) {
  if ((await gazetteerStatus()).imported) return null;
  const t = await getTranslations('gazetteer.notice');
  return (
    <section className="card" aria-labelledby="gazetteer-notice">
      <h2 id="gazetteer-notice">{t('title')}</h2>
      <p>{platformAdmin ? t('admin') : t('staff')}</p>
      {platformAdmin && (
        <p>
          <Link href="/admin/gazetteer">{t('adminLink')}</Link>
        </p>
      )}
    </section>
  );
}
