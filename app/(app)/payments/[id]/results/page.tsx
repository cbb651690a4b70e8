import { getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { DownloadFileForm } from '@/components/payments/files/download-form';
import { ResultsForm } from '@/components/payments/results/results-form';
import { ProblemsTable } from '@/components/payments/results/problems-table';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { DomainError } from '@/lib/errors';
import { PAYMENT_RESULTS_BYTES } from '@/lib/http/limits.mjs';
import { FILE_STATUSES } from '@/lib/payments/files';
import { listProviders } from '@/lib/payments/providers';
import { listResultImports } from '@/lib/payments/reconcile';
import { listHeader } from '@/lib/payments/summary';
import type { ListStatus } from '@/lib/payments/values';
import { ClientMessages } from '@/components/client-messages';

type Props = { params: Promise<{ id: string }> };

const load = cache(async (id: string) => {
  const actor = await pageUser('payments');
  try {
    return { actor, ...(await listHeader(actor, id)) };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Props) {
  const { list } = await load((await params).id);
  return { title: (await getTranslations('paymentFiles.results'))('title', { code: list.code }) };
}

/** A list's provider file (download) and the provider's results (upload, and what each file did). */
export default async function ResultsPage({ params }: Props) {
  const { actor, list } = await load((await params).id);
  const [t, tf, format, imports] = await Promise.all([
    getTranslations('paymentFiles.results'),
    getTranslations('paymentFiles.file'),
    getAppFormatter(),
    listResultImports(actor, list.id),
  ]);
  const acts = can(actor, 'paymentLists');
  const downloadable = FILE_STATUSES.includes(list.status as ListStatus);
  const accepts = list.status === 'exported' || list.status === 'reconciled';
  const providers = acts && downloadable ? await listProviders(actor) : [];

  return (
    <ClientMessages paths={['errors', 'paymentFiles.providers', 'paymentFiles.results']}>
      <h1>{t('title', { code: list.code })}</h1>
      {acts && (
        <section className="card">
          <h2>{tf('title')}</h2>
          <p>{tf('intro')}</p>
          {downloadable ? <DownloadFileForm listId={list.id} providers={providers} /> : <p>{tf('notApproved')}</p>}
        </section>
      )}
      {acts && (
        <section className="card">
          <h2>{t('submit')}</h2>
          <p>{t('intro')}</p>
          {accepts ? <ResultsForm listId={list.id} maxBytes={PAYMENT_RESULTS_BYTES} /> : <p>{t('notAccepting')}</p>}
        </section>
      )}
      <h2>{t('history')}</h2>
      {imports.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        imports.map((i) => (
          <article className="card" key={i.id}>
            <h3 id={`import-${i.id}`}>
              {t('importedAt', {
                file: i.fileName,
                when: format.dateTime(i.createdAt),
              })}
            </h3>
            <p>
              {t('counts', {
                rows: format.number(i.rows),
                paid: format.number(i.paid),
                failed: format.number(i.failed),
                problems: format.number(i.problems.length),
              })}
            </p>
            <ProblemsTable problems={i.problems} labelledBy={`import-${i.id}`} />
          </article>
        ))
      )}
    </ClientMessages>
  );
}
