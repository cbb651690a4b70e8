import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import type { OperatorUser } from '@/lib/auth/guards';
import { escalatedGrievances } from '@/lib/grievances/escalation';

/** The operator administrator's home-page card: grievances past their service level (escalated). */
export async function BreachedGrievancesCard({ user }: { user: OperatorUser }) {
  const { total, items } = await escalatedGrievances(user);
  const t = await getTranslations('grievances.home');
  const format = await getAppFormatter();
  const km = (await getLocale()) === 'km';
  return (
    <section className="card" aria-labelledby="home-breached">
      <h2 id="home-breached">{t('breached')}</h2>
      <p>{total === 0 ? t('breachedNone') : t('breachedCount', { count: total })}</p>
      {items.length > 0 && (
        <ul>
          {items.map((g) => (
            <li key={g.id}>
              <Link href={`/grievances/${g.id}`}>{g.code}</Link> — {km ? g.categoryNameKm : g.categoryNameEn} —{' '}
              {t('due', { date: format.day(g.dueOn) })}
            </li>
          ))}
        </ul>
      )}
      {total > 0 && (
        <p>
          <Link href="/grievances?sla=breached">{t('viewAll')}</Link>
        </p>
      )}
    </section>
  );
}
