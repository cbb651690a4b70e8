import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { EditUserForm, ResetPasswordForm, UserActiveToggle } from '@/components/admin/user-forms';
import type { OperatorUser } from '@/lib/auth/guards';
import { pageUser } from '@/lib/auth/page';
import { DomainError } from '@/lib/errors';
import { uuidSchema } from '@/lib/validation';
import { getStaffMember } from '@/lib/users/service';
import { ClientMessages } from '@/components/client-messages';

async function load(actor: OperatorUser, id: string) {
  if (!uuidSchema.safeParse(id).success) notFound();
  try {
    return await getStaffMember(actor, id);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
}

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageUser('users');
  const staff = await load(actor, (await params).id);
  const t = await getTranslations('admin.users');
  const c = await getTranslations('common');
  return (
    <ClientMessages paths={['admin.users', 'errors', 'fields', 'roles']}>
      <h1>{staff.name}</h1>
      <section className="card">
        <p>{staff.email}</p>
        <p>
          {c('status')}:{' '}
          <span className={staff.active ? 'badge' : 'badge off'}>{staff.active ? c('active') : c('inactive')}</span>{' '}
          {staff.id !== actor.id && <UserActiveToggle userId={staff.id} active={staff.active} />}
        </p>
      </section>
      <section className="card">
        <h2>{t('edit')}</h2>
        <EditUserForm userId={staff.id} name={staff.name} roles={staff.roles} />
      </section>
      <section className="card">
        <h2>{t('resetPassword')}</h2>
        <p>{t('resetPasswordIntro')}</p>
        <ResetPasswordForm userId={staff.id} />
      </section>
    </ClientMessages>
  );
}
