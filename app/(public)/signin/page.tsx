import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { currentUser } from '@/lib/auth/session';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('signIn'))('title') };
}

export default async function SignInPage() {
  if (await currentUser()) redirect('/');
  const t = await getTranslations('signIn');
  return (
    <ClientMessages paths={['signIn']}>
      <section className="card">
        <h1>{t('title')}</h1>
        <SignInForm />
      </section>
    </ClientMessages>
  );
}
