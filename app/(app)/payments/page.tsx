import { getTranslations } from 'next-intl/server';
import { pageUser } from '@/lib/auth/page';

export async function generateMetadata() {
  return { title: (await getTranslations('shell.nav'))('payments') };
}

/** The section's home; its records arrive with the issue that builds them. */
export default async function Page() {
  await pageUser('payments');
  const t = await getTranslations('sections');
  return (
    <>
      <h1>{(await getTranslations('shell.nav'))('payments')}</h1>
      <p className="card">{t('paymentsEmpty')}</p>
    </>
  );
}
