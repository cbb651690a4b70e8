import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { HouseholdEditForm } from '@/components/records/household-edit-form';
import { pageUser } from '@/lib/auth/page';
import { DomainError } from '@/lib/errors';
import { householdFormValues } from '@/lib/records/form-values';
import { findHousehold } from '@/lib/records/read';
import { ClientMessages } from '@/components/client-messages';
import { SHARED_PAGE_PATHS } from '@/lib/i18n/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('records.household'))('edit') };
}

export default async function EditHouseholdPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageUser('enrolment');
  const id = (await params).id;
  const h = await findHousehold(actor, id).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const t = await getTranslations('records.edit');
  return (
    <ClientMessages paths={[...SHARED_PAGE_PATHS.recordEdit, 'gazetteer.picker']}>
      <h1>{t('householdTitle', { code: h.code })}</h1>
      <p>
        <Link href={`/households/${h.id}`}>{t('back')}</Link>
      </p>
      {/* The version read now travels with the form: a save over a newer one is refused as a conflict. */}
      <HouseholdEditForm householdId={h.id} version={h.version} values={householdFormValues(h)} />
    </ClientMessages>
  );
}
