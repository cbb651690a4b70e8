import { getLocale, getTranslations } from 'next-intl/server';
import { GenerateListForm } from '@/components/payments/generate-form';
import { pageUser } from '@/lib/auth/page';
import { listProgrammes } from '@/lib/programmes/service';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('payments.new'))('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function NewPaymentListPage({ searchParams }: { searchParams: Search }) {
  const actor = await pageUser('paymentLists');
  const [t, locale, programmes, sp] = await Promise.all([
    getTranslations('payments.new'),
    getLocale(),
    listProgrammes(actor),
    searchParams,
  ]);
  const active = programmes.filter((p) => p.status === 'active');
  const wanted = typeof sp.programme === 'string' ? sp.programme : undefined;
  return (
    <ClientMessages paths={['errors', 'payments.new']}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {active.length === 0 ? (
        <p className="card">{t('noProgrammes')}</p>
      ) : (
        <GenerateListForm
          programmeId={active.some((p) => p.id === wanted) ? wanted : undefined}
          programmes={active.map((p) => ({
            id: p.id,
            label: `${p.code} — ${locale === 'km' ? p.nameKm : p.nameEn}`,
          }))}
        />
      )}
    </ClientMessages>
  );
}
