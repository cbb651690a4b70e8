import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { CreateOperatorAdminForm, OperatorActiveToggle, RepresentedPartyForm } from '@/components/admin/operator-forms';
import { pageUser } from '@/lib/auth/page';
import { listOperators } from '@/lib/operators/service';
import { ClientMessages } from '@/components/client-messages';

export default async function OperatorPage({ params }: { params: Promise<{ id: string }> }) {
  await pageUser('operators');
  const { id } = await params;
  const operator = (await listOperators()).find((o) => o.id === id);
  if (!operator) notFound();
  const t = await getTranslations('admin.operators');
  const c = await getTranslations('common');
  return (
    <ClientMessages paths={['admin.operators', 'errors', 'fields']}>
      <h1>
        {operator.code} · {operator.nameEn}
      </h1>
      <section className="card">
        <p lang="km">{operator.nameKm}</p>
        <p>
          {c('status')}:{' '}
          <span className={operator.active ? 'badge' : 'badge off'}>
            {operator.active ? c('active') : c('inactive')}
          </span>{' '}
          <OperatorActiveToggle operatorId={operator.id} active={operator.active} />
        </p>
      </section>
      <section className="card">
        <h2>{t('camdx')}</h2>
        <RepresentedPartyForm operatorId={operator.id} value={operator.camdxRepresentedParty} />
      </section>
      <section className="card">
        <h2>{t('newAdmin')}</h2>
        <CreateOperatorAdminForm operatorId={operator.id} />
      </section>
    </ClientMessages>
  );
}
