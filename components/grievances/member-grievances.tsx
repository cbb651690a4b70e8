import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import type { OperatorUser } from '@/lib/auth/guards';
import { can } from '@/lib/auth/policy';
import { memberGrievances } from '@/lib/grievances/queries';

/**
 * A member's grievances, for the member page (the lead wires it in): newest first, with the
 * visibility rule applied (a sensitive one only for its assignee and the administrators). Renders
 * nothing for a user who may neither read nor record grievances; a user who may record (an enrolment
 * or payment officer) gets the link to the intake form, which the navigation does not show them.
 */
export async function MemberGrievances({ memberId, user }: { memberId: string; user: OperatorUser }) {
  const reads = can(user, 'grievances');
  const records = can(user, 'grievanceIntake');
  if (!reads && !records) return null;
  const rows = reads ? await memberGrievances(user, memberId) : [];
  const t = await getTranslations('grievances');
  const format = await getAppFormatter();
  const km = (await getLocale()) === 'km';
  return (
    <section className="card" aria-labelledby="member-grievances">
      <h2 id="member-grievances">{t('member.title')}</h2>
      {records && (
        <p>
          <Link href="/grievances/new">{t('queue.new')}</Link>
        </p>
      )}
      {!reads ? null : rows.length === 0 ? (
        <p className="muted">{t('member.none')}</p>
      ) : (
        <ul>
          {rows.map((g) => (
            <li key={g.id}>
              <Link href={`/grievances/${g.id}`}>{g.code}</Link> — {km ? g.categoryNameKm : g.categoryNameEn} —{' '}
              {t(`status.${g.status as 'received'}`)} — {t('member.received', { date: format.date(g.receivedAt) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
