import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { CreateOperatorForm, OperatorActiveToggle } from '@/components/admin/operator-forms';
import { pageUser } from '@/lib/auth/page';
import { listOperators } from '@/lib/operators/service';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.operators'))('title') };
}

export default async function OperatorsPage() {
  await pageUser('operators');
  const t = await getTranslations('admin.operators');
  const c = await getTranslations('common');
  const format = await getAppFormatter();
  const operators = await listOperators();
  return (
    <ClientMessages paths={['admin.operators', 'errors', 'fields']}>
      <h1>{t('title')}</h1>
      <section className="card">
        <h2>{t('new')}</h2>
        <CreateOperatorForm />
      </section>
      <h2>{t('list')}</h2>
      {operators.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <TableScroll label={t('list')}>
          <table>
            <thead>
              <tr>
                <th>{t('code')}</th>
                <th>{t('nameKm')}</th>
                <th>{t('nameEn')}</th>
                <th>{t('users')}</th>
                <th>{c('status')}</th>
                <th>{c('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {operators.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link href={`/admin/operators/${o.id}`}>{o.code}</Link>
                  </td>
                  <td lang="km">{o.nameKm}</td>
                  <td>{o.nameEn}</td>
                  <td>{format.number(o.userCount)}</td>
                  <td>
                    <span className={o.active ? 'badge' : 'badge off'}>{o.active ? c('active') : c('inactive')}</span>
                  </td>
                  <td>
                    <OperatorActiveToggle operatorId={o.id} active={o.active} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </ClientMessages>
  );
}
