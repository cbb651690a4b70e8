import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { DownloadFileForm } from '@/components/payments/files/download-form';
import { pageUser } from '@/lib/auth/page';
import { DomainError } from '@/lib/errors';
import { FILE_STATUSES } from '@/lib/payments/files';
import { listProviders } from '@/lib/payments/providers';
import { listHeader } from '@/lib/payments/summary';
import type { ListStatus } from '@/lib/payments/values';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata() {
  return { title: (await getTranslations('paymentFiles.file'))('title') };
}

/** The list's provider file: choose the provider (its layout) and download; the first download exports the list. */
export default async function FilePage({ params }: Props) {
  const actor = await pageUser('paymentLists');
  const { id } = await params;
  const { list } = await listHeader(actor, id).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const [t, providers] = await Promise.all([getTranslations('paymentFiles.file'), listProviders(actor)]);
  return (
    <>
      <p>
        <Link href={`/payments/${list.id}`}>{list.code}</Link>
      </p>
      <h1>
        {t('title')} · {list.code}
      </h1>
      <p>{t('intro')}</p>
      {FILE_STATUSES.includes(list.status as ListStatus) ? (
        <DownloadFileForm listId={list.id} providers={providers} />
      ) : (
        <p>{t('notApproved')}</p>
      )}
    </>
  );
}
