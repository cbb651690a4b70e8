import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ProgrammeForm } from '@/components/programmes/programme-form';
import { pageUser } from '@/lib/auth/page';
import { emptyRules } from '@/lib/programmes/rule-form';
import { todayInCambodia } from '@/lib/programmes/service';
import { ClientMessages } from '@/components/client-messages';
import { SHARED_PAGE_PATHS } from '@/lib/i18n/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('programmes.form'))('newTitle') };
}

export default async function NewProgrammePage() {
  await pageUser('programmesManage');
  const t = await getTranslations('programmes');
  return (
    <ClientMessages paths={SHARED_PAGE_PATHS.programmeForm}>
      <h1>{t('form.newTitle')}</h1>
      <p>
        <Link href="/programmes">{t('title')}</Link>
      </p>
      <ProgrammeForm
        defaults={{
          code: '',
          nameKm: '',
          nameEn: '',
          description: '',
          benefitType: 'cash',
          currency: 'KHR',
          frequency: 'monthly',
          startDate: todayInCambodia(),
          endDate: '',
          rules: emptyRules('KHR'),
        }}
      />
    </ClientMessages>
  );
}
