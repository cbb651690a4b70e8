import { getTranslations } from 'next-intl/server';
import { ChangePasswordForm } from '@/components/change-password-form';
import { LanguageSwitch } from '@/components/language-switch';
import { pageUser } from '@/lib/auth/page';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('account'))('title') };
}

export default async function AccountPage() {
  const user = await pageUser();
  const t = await getTranslations('account');
  return (
    <ClientMessages paths={['account', 'errors', 'fields']}>
      <h1>{t('title')}</h1>
      <section className="card">
        <p>
          {user.name} · {user.email}
        </p>
        <h2>{t('language')}</h2>
        <LanguageSwitch signedIn />
      </section>
      <section className="card">
        <h2>{t('changePassword')}</h2>
        <ChangePasswordForm />
      </section>
    </ClientMessages>
  );
}
