import { getTranslations } from 'next-intl/server';
import { EnrolmentFormLoader } from '@/components/households/enrolment-form-loader';
import { pageUser } from '@/lib/auth/page';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('enrol'))('title') };
}

export default async function EnrolPage() {
  const user = await pageUser('enrolment');
  const t = await getTranslations('enrol');
  return (
    <ClientMessages
      paths={[
        'enrol',
        'errors',
        'gazetteer.picker',
        'maritalStatuses',
        'relationships',
        'sexes',
        'wgDomains',
        'wgLevels',
      ]}
    >
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {/* One draft per user and browser: shared commune-office computers must not mix people's work. */}
      <EnrolmentFormLoader draftKey={`sdp:enrol-draft:${user.id}`} />
    </ClientMessages>
  );
}
