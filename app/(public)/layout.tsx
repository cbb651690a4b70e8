import { getTranslations } from 'next-intl/server';
import { LanguageSwitch } from '@/components/language-switch';
import { currentUser } from '@/lib/auth/session';

export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('app');
  const user = await currentUser();
  return (
    <main className="narrow">
      <p className="muted">{t('name')}</p>
      <LanguageSwitch signedIn={Boolean(user)} />
      {children}
    </main>
  );
}
