import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { HomeDashboard } from '@/components/dashboard/home-dashboard';
import { GazetteerNotice } from '@/components/gazetteer/gazetteer-notice';
import { BreachedGrievancesCard } from '@/components/grievances/breached-card';
import { isOperatorUser } from '@/lib/auth/guards';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';

export default async function HomePage() {
  const user = await pageUser();
  const t = await getTranslations('home');
  const roles = await getTranslations('roles');
  return (
    <>
      <h1>{t('welcome', { name: user.name })}</h1>
      {/* Operator staff: shortcuts to their daily tasks and their operator's figures (issue 14). */}
      {isOperatorUser(user) && <HomeDashboard user={user} />}
      {/* Escalated grievances reach the operator administrator here (issue 11). */}
      {isOperatorUser(user) && can(user, 'grievanceSettings') && <BreachedGrievancesCard user={user} />}
      <section className="card">
        <h2>{t('yourAccess')}</h2>
        <p>{user.isPlatformAdmin ? roles('platform_admin') : user.roles.map((r) => roles(r)).join(', ')}</p>
        {can(user, 'operators') && (
          <p>
            <Link href="/admin/operators">{t('manageOperators')}</Link>
          </p>
        )}
        {can(user, 'users') && (
          <p>
            <Link href="/admin/users">{t('manageStaff')}</Link>
          </p>
        )}
        {can(user, 'audit') && (
          <p>
            <Link href="/admin/audit">{t('viewAudit')}</Link>
          </p>
        )}
      </section>
      <GazetteerNotice platformAdmin={user.isPlatformAdmin} />
    </>
  );
}
