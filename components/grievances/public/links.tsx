import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** The grievance page's link to the complainant's printable receipt: `<ReceiptLink grievanceId={g.id} />`. */
export async function ReceiptLink({ grievanceId }: { grievanceId: string }) {
  const t = await getTranslations('grievancePublic.receipt');
  return <Link href={`/grievances/${grievanceId}/receipt`}>{t('open')}</Link>;
}

/**
 * The link to the public page's setting, for the grievance settings or queue page; show it only to those
 * who may change it: `{can(user, 'grievanceSettings') && <PublicIntakeLink />}`.
 */
export async function PublicIntakeLink() {
  const t = await getTranslations('grievancePublic.settings');
  return <Link href="/grievances/public-intake">{t('title')}</Link>;
}
