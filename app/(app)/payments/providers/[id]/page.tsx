import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { ProviderForm } from '@/components/payments/files/provider-form';
import { pageUser } from '@/lib/auth/page';
import { DomainError } from '@/lib/errors';
import { getProvider } from '@/lib/payments/providers';
import { ClientMessages } from '@/components/client-messages';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata() {
  return { title: (await getTranslations('paymentFiles.providers'))('edit') };
}

export default async function ProviderPage({ params }: Props) {
  const actor = await pageUser('programmesManage');
  const { id } = await params;
  const t = await getTranslations('paymentFiles.providers');
  const provider = await getProvider(actor, id).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  return (
    <ClientMessages paths={['errors', 'paymentFiles.providers']}>
      <p>
        <Link href="/payments/providers">{t('back')}</Link>
      </p>
      <h1>{t('edit')}</h1>
      <ProviderForm
        key={provider.version}
        provider={{
          id: provider.id,
          version: provider.version,
          name: provider.name,
          channel: provider.channel,
          layout: provider.layout,
        }}
      />
    </ClientMessages>
  );
}
