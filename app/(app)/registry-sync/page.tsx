import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { HelpLink } from '@/components/help/help-link';
import { RegistryActionButton } from '@/components/registry/action-button';
import { RegistryStatus } from '@/components/registry/registry-status';
import { VerifyKhmerIdButton } from '@/components/registry/verify-button';
import { TableScroll } from '@/components/ui/table-scroll';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { connectionSettings } from '@/lib/registry/connection';
import { openReviews, syncDashboard } from '@/lib/registry/queries';
import { REGISTRY_STATES } from '@/lib/registry/states';
import { resolveReviewAction, retrySyncAction, verifyKhmerIdAction } from './actions';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('shell.nav'))('registry') };
}

/** The sync dashboard: counts per state, throughput, the oldest waiting change, errors, the review queue. */
export default async function RegistrySyncPage() {
  const user = await pageUser('registry');
  const act = can(user, 'registrySync');
  const t = await getTranslations('registry');
  const format = await getAppFormatter();
  const [d, reviews] = await Promise.all([syncDashboard(user), openReviews(user)]);
  const total = REGISTRY_STATES.reduce((n, s) => n + d.counts[s], 0);
  const connection = connectionSettings();
  return (
    <ClientMessages paths={['errors', 'registry.camdx', 'registry.dashboard.verify', 'registry.status']}>
      <HelpLink area="registry" />
      <h1>{(await getTranslations('shell.nav'))('registry')}</h1>
      {!connection.configured && <NotConfigured queued={d.counts.queued} invalid={Boolean(connection.error)} />}
      {total === 0 && <p className="card">{(await getTranslations('sections'))('registryEmpty')}</p>}
      <section className="card">
        <h2 id="sync-counts">{t('dashboard.counts')}</h2>
        <TableScroll label={t('dashboard.counts')}>
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
        </TableScroll>
      </section>
      <section className="card">
        <h2>{t('dashboard.throughput')}</h2>
        <p>{t('dashboard.sentLastHour', { count: format.number(d.sentLastHour) })}</p>
        <p>{t('dashboard.sentLastDay', { count: format.number(d.sentLastDay) })}</p>
        <p>
          {d.oldestPendingAt
            ? t('dashboard.oldestPending', {
                when: format.dateTime(d.oldestPendingAt),
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
            <TableScroll label={t('dashboard.problems')}>
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
            </TableScroll>
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
    </ClientMessages>
  );
}

/**
 * Without CamDX nothing leaves the queue: staff are told so, that the records wait and are sent once it is
 * set up, and who sets it up: the platform administrator (the CamDX connection page is theirs alone, so
 * there is no link to it here; their administration page says the connection is missing).
 */
async function NotConfigured({ queued, invalid }: { queued: number; invalid: boolean }) {
  const t = await getTranslations('registry.dashboard');
  const format = await getAppFormatter();
  return (
    <section className="card notice" aria-labelledby="camdx-not-configured">
      <h2 id="camdx-not-configured">{t('notConfiguredTitle')}</h2>
      <p>{t('notConfiguredBody', { queued, count: format.number(queued) })}</p>
      {invalid && <p>{t('notConfiguredInvalid')}</p>}
      <p>{t('notConfiguredWho')}</p>
    </section>
  );
}
