import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { MemberEditForm } from '@/components/records/member-edit-form';
import { pageUser } from '@/lib/auth/page';
import { DomainError } from '@/lib/errors';
import { memberFormValues } from '@/lib/records/form-values';
import { findMember } from '@/lib/records/read';
import { ClientMessages } from '@/components/client-messages';
import { SHARED_PAGE_PATHS } from '@/lib/i18n/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('records.member'))('edit') };
}

export default async function EditMemberPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageUser('enrolment');
  const m = await findMember(actor, (await params).id).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const t = await getTranslations('records.edit');
  return (
    <ClientMessages paths={SHARED_PAGE_PATHS.recordEdit}>
      <h1>{t('memberTitle', { name: `${m.surnameKm} ${m.givenNameKm}` })}</h1>
      <p>
        <Link href={`/members/${m.id}`}>{t('back')}</Link>
      </p>
      {/* The version read now travels with the form: a save over a newer one is refused as a conflict. */}
      <MemberEditForm memberId={m.id} version={m.version} values={memberFormValues(m)} />
    </ClientMessages>
  );
}
