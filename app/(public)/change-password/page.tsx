import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '@/components/change-password-form';
import { currentUser } from '@/lib/auth/session';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('account'))('changePassword') };
}

/** Where a user whose password was set or reset by an administrator must go first. */
export default async function ChangePasswordPage() {
  const user = await currentUser();
  if (!user) redirect('/signin');
  if (!user.mustChangePassword) redirect('/account');
  const t = await getTranslations('account');
  return (
    <ClientMessages paths={['account', 'errors', 'fields']}>
      <section className="card">
        <h1>{t('changePassword')}</h1>
        <p>{t('mustChange')}</p>
        <ChangePasswordForm redirectTo="/" />
      </section>
    </ClientMessages>
  );
}
