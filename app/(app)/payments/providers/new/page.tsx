import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ProviderForm } from '@/components/payments/files/provider-form';
import { pageUser } from '@/lib/auth/page';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('paymentFiles.providers'))('new') };
}

export default async function NewProviderPage() {
  await pageUser('programmesManage');
  const t = await getTranslations('paymentFiles.providers');
  return (
    <ClientMessages paths={['errors', 'paymentFiles.providers']}>
      <p>
        <Link href="/payments/providers">{t('back')}</Link>
      </p>
      <h1>{t('new')}</h1>
      <ProviderForm />
    </ClientMessages>
  );
}
