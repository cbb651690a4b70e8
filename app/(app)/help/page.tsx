import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { HELP_AREAS, type HelpArea } from '@/components/help/areas';
import { pageUser } from '@/lib/auth/page';

export async function generateMetadata() {
  return { title: (await getTranslations('ui.help'))('title') };
}

/** The help topics, one per area; open to every signed-in user (it describes, it shows no record). */
export default async function HelpIndexPage() {
  await pageUser();
  const t = await getTranslations('ui.help');
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <ul className="help-topics">
        {(Object.keys(HELP_AREAS) as HelpArea[]).map((area) => (
          <li key={area} className="card">
            <h2>
              <Link href={`/help/${area}`}>{t(`areas.${area}.title`)}</Link>
            </h2>
            <p>{t(`areas.${area}.intro`)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
