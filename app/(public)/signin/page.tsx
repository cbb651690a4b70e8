import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { currentUser } from '@/lib/auth/session';

export async function generateMetadata() {
  return { title: (await getTranslations('signIn'))('title') };
}

export default async function SignInPage() {
  if (await currentUser()) redirect('/');
  const t = await getTranslations('signIn');
  return (
    <section className="card">
      <h1>{t('title')}</h1>
      <SignInForm />
    </section>
  );
}
