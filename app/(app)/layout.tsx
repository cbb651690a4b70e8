import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { signOutAction } from '@/app/actions';
import { LanguageSwitch } from '@/components/language-switch';
import { NavLinks } from '@/components/nav-links';
import { Providers } from '@/components/providers';
import { pageUser } from '@/lib/auth/page';
import { can, type Area } from '@/lib/auth/policy';

const SECTIONS: {
  href: string;
  area: Area;
  key: 'households' | 'programmes' | 'payments' | 'grievances' | 'registry';
}[] = [
  { href: '/households', area: 'households', key: 'households' },
  { href: '/programmes', area: 'programmes', key: 'programmes' },
  { href: '/payments', area: 'payments', key: 'payments' },
  { href: '/grievances', area: 'grievances', key: 'grievances' },
  { href: '/registry-sync', area: 'registry', key: 'registry' },
];

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await pageUser();
  const [t, u] = await Promise.all([getTranslations('shell'), getTranslations('ui')]);
  const items = [{ href: '/', label: t('nav.home') }];
  for (const s of SECTIONS) if (can(user, s.area)) items.push({ href: s.href, label: t(`nav.${s.key}`) });
  if (can(user, 'users') || can(user, 'audit') || can(user, 'operators'))
    items.push({ href: '/admin', label: t('nav.admin') });
  items.push({ href: '/account', label: t('nav.account') });

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      <header>
        <Link href="/" className="brand">
          {t('brand')}
          {user.operatorCode ? ` · ${user.operatorCode}` : ''}
        </Link>
        <NavLinks
          items={items}
          label={t('navLabel')}
          menuLabel={u('menu')}
          userMenu={
            <>
              <span>{user.name}</span>
              <Link href="/help" className="help-link">
                {u('help.link')}
              </Link>
              <LanguageSwitch signedIn />
              <form action={signOutAction}>
                <button type="submit">{t('signOut')}</button>
              </form>
            </>
          }
        />
      </header>
      <main id="main">
        <Providers>{children}</Providers>
      </main>
    </div>
  );
}
