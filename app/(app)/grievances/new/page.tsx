import { getLocale, getTranslations } from 'next-intl/server';
import { GrievanceForm } from '@/components/grievances/grievance-form';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { listCategories } from '@/lib/grievances/categories';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('grievances.form'))('title') };
}

export default async function NewGrievancePage() {
  const user = await pageUser('grievanceIntake');
  const t = await getTranslations('grievances.form');
  const km = (await getLocale()) === 'km';
  const categories = (await listCategories(user, { activeOnly: true })).map((c) => ({
    id: c.id,
    parentId: c.parentId,
    name: km ? c.nameKm : c.nameEn,
  }));
  return (
    <ClientMessages paths={['errors', 'grievances']}>
      <h1>{t('title')}</h1>
      <GrievanceForm categories={categories} canOpen={can(user, 'grievances')} />
    </ClientMessages>
  );
}
