import { getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { isOperatorUser } from '@/lib/auth/guards';
import { can } from '@/lib/auth/policy';
import { currentUser } from '@/lib/auth/session';
import { memberSync } from '@/lib/registry/queries';

/**
 * A member's registry sync state, SPID and latest Khmer ID check, for any page that shows a member.
 * Renders nothing for a caller without the registry area or for another operator's member.
 */
export async function RegistryStatus({ memberId }: { memberId: string }) {
  const user = await currentUser();
  if (!user || !isOperatorUser(user) || !can(user, 'registry')) return null;
  const sync = await memberSync(user, memberId);
  if (!sync) return null;
  const t = await getTranslations('registry');
  const format = await getAppFormatter();
  const v = sync.verification;
  return (
    <span className="registry-status">
      <span className={`badge${sync.state === 'needs_attention' || sync.state === 'rejected' ? ' off' : ''}`}>
        {t('status.label')}: {t(`states.${sync.state}`)}
      </span>
      {sync.spid && (
        <>
          {' '}
          <span>{t('status.spid', { spid: sync.spid })}</span>
        </>
      )}
      {v && (
        <>
          {' '}
          <span className="muted">
            {t('status.verified', {
              match: v.match,
              when: format.dateTime(v.verifiedAt),
            })}
          </span>
        </>
      )}
    </span>
  );
}
