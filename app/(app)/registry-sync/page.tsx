import { getTranslations } from 'next-intl/server';
import { pageUser } from '@/lib/auth/page';

export async function generateMetadata() {
  return { title: (await getTranslations('shell.nav'))('registry') };
}

/** The section's home; its records arrive with the issue that builds them. */
export default async function Page() {
  await pageUser('registry');
  const t = await getTranslations('sections');
  return (
    <>
      <h1>{(await getTranslations('shell.nav'))('registry')}</h1>
      <p className="card">{t('registryEmpty')}</p>
    </>
  );
}
