import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { CreateUserForm } from '@/components/admin/user-forms';
import { pageUser } from '@/lib/auth/page';
import { listStaff } from '@/lib/users/service';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.users'))('title') };
}

export default async function UsersPage() {
  const user = await pageUser('users');
  const t = await getTranslations('admin.users');
  const c = await getTranslations('common');
  const r = await getTranslations('roles');
  const f = await getTranslations('fields');
  const format = await getAppFormatter();
  const staff = await listStaff(user);
  return (
    <ClientMessages paths={['admin.users', 'errors', 'fields', 'roles']}>
      <h1>{t('title')}</h1>
      <TableScroll label={t('title')}>
        <table>
          <thead>
            <tr>
              <th>{f('name')}</th>
              <th>{f('email')}</th>
              <th>{f('roles')}</th>
              <th>{c('status')}</th>
              <th>{t('lastSignIn')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/admin/users/${s.id}`}>{s.name}</Link>
                </td>
                <td>{s.email}</td>
                <td>{s.roles.map((role) => r(role)).join(', ')}</td>
                <td>
                  <span className={s.active ? 'badge' : 'badge off'}>{s.active ? c('active') : c('inactive')}</span>
                </td>
                <td>{s.lastSignInAt ? format.dateTime(s.lastSignInAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <section className="card">
        <h2>{t('new')}</h2>
        <CreateUserForm />
      </section>
    </ClientMessages>
  );
}
