import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { HelpLink } from '@/components/help/help-link';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { connectionSettings } from '@/lib/registry/connection';

export async function generateMetadata() {
  return { title: (await getTranslations('shell.nav'))('admin') };
}

export default async function AdminPage() {
  const user = await pageUser();
  const t = await getTranslations('admin');
  const camdx = await getTranslations('registry.camdx');
  // The operators' staff see "not configured" on their registry sync page; the one who can fix it sees it here.
  const connection = can(user, 'operators') ? connectionSettings() : null;
  const camdxProblem =
    connection && !connection.configured
      ? connection.error
        ? camdx('configError', { error: connection.error })
        : camdx('notConfigured')
      : null;
  const links = [
    can(user, 'operators') && { href: '/admin/operators', label: t('operators.title'), text: t('operators.intro') },
    can(user, 'operators') && { href: '/admin/gazetteer', label: t('gazetteer.title'), text: t('gazetteer.intro') },
    can(user, 'operators') && { href: '/admin/camdx', label: t('camdx.title'), text: t('camdx.intro') },
    can(user, 'users') && { href: '/admin/users', label: t('users.title'), text: t('users.intro') },
    can(user, 'audit') && { href: '/admin/audit', label: t('audit.title'), text: t('audit.intro') },
  ].filter((l) => l !== false);
  if (links.length === 0) forbidden();
  return (
    <>
      <HelpLink area="admin" />
      <h1>{(await getTranslations('shell.nav'))('admin')}</h1>
      {links.map((l) => (
        <section className="card" key={l.href}>
          <h2>
            <Link href={l.href}>{l.label}</Link>
          </h2>
          <p>{l.text}</p>
          {l.href === '/admin/camdx' && camdxProblem && <p className="form-error">{camdxProblem}</p>}
        </section>
      ))}
    </>
  );
}
