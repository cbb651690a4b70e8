import { getLocale, getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import type { ActionResult } from '@/lib/action';
import type { OperatorUser } from '@/lib/auth/guards';
import { registryProgrammes } from '@/lib/registry/beneficiary';
import type { VerifyResult } from '@/lib/registry/manage';
import { memberSync } from '@/lib/registry/queries';
import { VerifyKhmerIdButton } from './verify-button';

/**
 * The "Registry status" section of a member's page: sync state, SPID, the registry's reason when it
 * refused the record, the programmes the registry holds for the member (once it has answered the
 * latest version), the latest Khmer ID check and (for staff who may) the button to run one.
 * The caller checks that the user has the registry area.
 */
export async function MemberRegistrySection({
  actor,
  memberId,
  khmerId,
  verify,
}: {
  actor: OperatorUser;
  memberId: string;
  khmerId: string | null;
  /** The verify action, when the user may verify (registrySync). */
  verify?: (input: unknown) => Promise<ActionResult<VerifyResult>>;
}) {
  const sync = await memberSync(actor, memberId);
  if (!sync) return null;
  const [t, records, format, locale, held] = await Promise.all([
    getTranslations('registry'),
    getTranslations('records.later'),
    getAppFormatter(),
    getLocale(),
    sync.state === 'has_spid' ? registryProgrammes(actor, memberId) : null,
  ]);
  const v = sync.verification;
  const refused = sync.state === 'rejected' || sync.state === 'needs_attention';
  const reason = sync.reasonCode ?? sync.lastError;
  const term = (label: string, value: React.ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <section className="card" aria-labelledby="member-registry">
      <h2 id="member-registry">{records('registry')}</h2>
      <dl className="record">
        {term(t('member.state'), <span className={`badge${refused ? ' off' : ''}`}>{t(`states.${sync.state}`)}</span>)}
        {term(t('member.spid'), sync.spid ?? '—')}
        {refused &&
          reason &&
          term(
            t('member.reason'),
            <>
              <code>{reason}</code>
              {sync.reasonMessage && <> — {sync.reasonMessage}</>}
            </>,
          )}
        {held &&
          term(
            t('member.programmes'),
            held.length ? (
              <ul>
                {held.map((p) => (
                  <li key={p.programmeId}>
                    {t('member.programme', {
                      name: locale === 'km' ? p.programmeNameKm : p.programmeName,
                      id: p.programmeId,
                      status: t(`enrolmentStatus.${p.status}`),
                    })}
                  </li>
                ))}
              </ul>
            ) : (
              t('member.noProgrammes')
            ),
          )}
        {term(
          t('member.khmerIdCheck'),
          v
            ? t('status.verified', {
                match: v.match,
                when: format.dateTime(v.verifiedAt),
              })
            : t('member.notVerified'),
        )}
      </dl>
      {sync.state === 'rejected' && <p className="muted">{t('member.correctHint')}</p>}
      {verify && khmerId && (
        <p>
          <VerifyKhmerIdButton memberId={memberId} verify={verify} />
        </p>
      )}
    </section>
  );
}
