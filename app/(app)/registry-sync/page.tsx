import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { RegistryActionButton } from '@/components/registry/action-button';
import { RegistryStatus } from '@/components/registry/registry-status';
import { VerifyKhmerIdButton } from '@/components/registry/verify-button';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { openReviews, syncDashboard } from '@/lib/registry/queries';
import { REGISTRY_STATES } from '@/lib/registry/states';
import { resolveReviewAction, retrySyncAction, verifyKhmerIdAction } from './actions';

export async function generateMetadata() {
  return { title: (await getTranslations('shell.nav'))('registry') };
}

/** The sync dashboard: counts per state, throughput, the oldest waiting change, errors, the review queue. */
export default async function RegistrySyncPage() {
  const user = await pageUser('registry');
  const act = can(user, 'registrySync');
  const t = await getTranslations('registry');
  const format = await getFormatter();
  const [d, reviews] = await Promise.all([syncDashboard(user), openReviews(user)]);
  const total = REGISTRY_STATES.reduce((n, s) => n + d.counts[s], 0);
  return (
    <>
      <h1>{(await getTranslations('shell.nav'))('registry')}</h1>
      {total === 0 && <p className="card">{(await getTranslations('sections'))('registryEmpty')}</p>}
      <section className="card">
        <h2 id="sync-counts">{t('dashboard.counts')}</h2>
        <table aria-labelledby="sync-counts">
          <thead>
            <tr>
              <th>{t('dashboard.state')}</th>
              <th>{t('dashboard.members')}</th>
            </tr>
          </thead>
          <tbody>
            {REGISTRY_STATES.map((s) => (
              <tr key={s}>
                <td>{t(`states.${s}`)}</td>
                <td>{format.number(d.counts[s])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>{t('dashboard.throughput')}</h2>
        <p>{t('dashboard.sentLastHour', { count: format.number(d.sentLastHour) })}</p>
        <p>{t('dashboard.sentLastDay', { count: format.number(d.sentLastDay) })}</p>
        <p>
          {d.oldestPendingAt
            ? t('dashboard.oldestPending', {
                when: format.dateTime(d.oldestPendingAt, { dateStyle: 'medium', timeStyle: 'short' }),
              })
            : t('dashboard.nothingPending')}
        </p>
      </section>
      <section className="card">
        <h2 id="sync-problems">{t('dashboard.problems')}</h2>
        {d.problems.length === 0 ? (
          <p className="muted">{t('dashboard.noProblems')}</p>
        ) : (
          <>
            {act && (
              <p>
                <RegistryActionButton
                  action={retrySyncAction}
                  input={{ all: true }}
                  label={t('dashboard.retryAll')}
                  done={t('dashboard.retried')}
                />
              </p>
            )}
            <table aria-labelledby="sync-problems">
              <thead>
                <tr>
                  <th>{t('dashboard.member')}</th>
                  <th>{t('dashboard.state')}</th>
                  <th>{t('dashboard.error')}</th>
                  <th>{t('dashboard.attempts')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.problems.map((p) => (
                  <tr key={p.memberId}>
                    <td>
                      <Link href={`/members/${p.memberId}`} prefetch={false}>
                        {p.name}
                      </Link>
                    </td>
                    <td>{t(`states.${p.state}`)}</td>
                    <td>
                      <code>{p.reasonCode ?? p.lastError}</code>
                      {p.reasonMessage && <> — {p.reasonMessage}</>}
                    </td>
                    <td>{format.number(p.attempts)}</td>
                    <td>
                      {act && (
                        <RegistryActionButton
                          action={retrySyncAction}
                          input={{ memberId: p.memberId }}
                          label={t('dashboard.retry')}
                          done={t('dashboard.retried')}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="card">
        <h2>{t('review.title')}</h2>
        <p className="muted">{t('review.intro')}</p>
        {reviews.length === 0 ? (
          <p>{t('review.none')}</p>
        ) : (
          reviews.map((r) => (
            <article key={r.id} className="card">
              <h3>
                <Link href={`/members/${r.memberId}`} prefetch={false}>
                  {r.name}
                </Link>
              </h3>
              <p>
                <RegistryStatus memberId={r.memberId} />
              </p>
              <p>
                {t('review.reason')}: <code>{r.reasonCode}</code>
                {r.spid && (
                  <>
                    {' '}
                    · {t('review.spid')}: <code>{r.spid}</code>
                  </>
                )}
                {!r.spid && r.candidateSpid && (
                  <>
                    {' '}
                    · {t('review.candidate')}: <code>{r.candidateSpid}</code>
                  </>
                )}
              </p>
              {act && (
                <p className="filters">
                  <RegistryActionButton
                    action={resolveReviewAction}
                    input={{ reviewId: r.id, decision: 'link' }}
                    label={t('review.link')}
                    done={t('review.done')}
                  />
                  <RegistryActionButton
                    action={resolveReviewAction}
                    input={{ reviewId: r.id, decision: 'dismiss' }}
                    label={t('review.dismiss')}
                    done={t('review.done')}
                  />
                  <RegistryActionButton
                    action={resolveReviewAction}
                    input={{ reviewId: r.id, decision: 'correct' }}
                    label={t('review.correct')}
                    done={t('review.done')}
                  />
                  {r.khmerId && <VerifyKhmerIdButton memberId={r.memberId} verify={verifyKhmerIdAction} />}
                </p>
              )}
            </article>
          ))
        )}
      </section>
    </>
  );
}
