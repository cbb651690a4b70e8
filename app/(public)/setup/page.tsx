import { getTranslations } from 'next-intl/server';
import { SetupForm } from '@/components/setup-form';
import { isSetupTokenValid } from '@/lib/auth/setup';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('setup'))('title') };
}

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const t = await getTranslations('setup');
  const value = typeof token === 'string' ? token : '';
  if (!(await isSetupTokenValid(value))) {
    return (
      <section className="card">
        <h1>{t('title')}</h1>
        <p className="form-error">{t('invalidLink')}</p>
        <p>
          <a href="/signin">{t('goToSignIn')}</a>
        </p>
      </section>
    );
  }
  return (
    <ClientMessages paths={['errors', 'fields', 'setup']}>
      <section className="card">
        <h1>{t('title')}</h1>
        <p>{t('intro')}</p>
        <SetupForm token={value} />
      </section>
    </ClientMessages>
  );
}
