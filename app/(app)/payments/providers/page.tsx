import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { listProviders } from '@/lib/payments/providers';

export async function generateMetadata() {
  return { title: (await getTranslations('paymentFiles.providers'))('title') };
}

/** The operator's payment providers and their file layouts; administrators change them. */
export default async function ProvidersPage() {
  const actor = await pageUser('payments');
  const [t, providers] = await Promise.all([getTranslations('paymentFiles.providers'), listProviders(actor)]);
  const manages = can(actor, 'programmesManage');
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {manages && (
        <p>
          <Link href="/payments/providers/new">{t('new')}</Link>
        </p>
      )}
      {providers.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <TableScroll label={t('title')}>
          <table aria-label={t('title')}>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('channel')}</th>
                <th scope="col">{t('format')}</th>
                <th scope="col">{t('amountFormat')}</th>
                <th scope="col">{t('columns')}</th>
              </tr>
            </thead>
            <tbody>
              {providers.map((p) => (
                <tr key={p.id}>
                  <td>{manages ? <Link href={`/payments/providers/${p.id}`}>{p.name}</Link> : p.name}</td>
                  <td>{t(`channels.${p.channel as 'wing'}`)}</td>
                  <td>{t(`formats.${p.layout.format}`)}</td>
                  <td>{t(`amountFormats.${p.layout.amountFormat}`)}</td>
                  <td>{p.layout.columns.map((c) => c.header).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
