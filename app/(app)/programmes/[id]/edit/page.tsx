import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { ProgrammeForm } from '@/components/programmes/programme-form';
import { pageUser } from '@/lib/auth/page';
import { DomainError } from '@/lib/errors';
import { programmeFormValues } from '@/lib/programmes/rule-form';
import { getProgramme } from '@/lib/programmes/service';
import { ClientMessages } from '@/components/client-messages';
import { SHARED_PAGE_PATHS } from '@/lib/i18n/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('programmes.view'))('edit') };
}

export default async function EditProgrammePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageUser('programmesManage');
  const p = await getProgramme(actor, (await params).id).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const t = await getTranslations('programmes.form');
  return (
    <ClientMessages paths={SHARED_PAGE_PATHS.programmeForm}>
      <h1>{t('editTitle', { code: p.code })}</h1>
      <p>
        <Link href={`/programmes/${p.id}`}>{t('back')}</Link>
      </p>
      {/* The version read now travels with the form: a save over a newer one is shown as a conflict. */}
      <ProgrammeForm
        defaults={{ ...programmeFormValues(p), id: p.id, version: p.version }}
        active={p.status === 'active'}
      />
    </ClientMessages>
  );
}
