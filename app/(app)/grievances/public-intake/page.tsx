import { getTranslations } from 'next-intl/server';
import { PublicIntakeToggle } from '@/components/grievances/public/public-intake-toggle';
import { pageUser } from '@/lib/auth/page';
import { publicUrl } from '@/lib/env';
import { publicIntakeEnabled } from '@/lib/grievances/public';
import { ClientMessages } from '@/components/client-messages';

export async function generateMetadata() {
  return { title: (await getTranslations('grievancePublic.settings'))('title') };
}

/** The operator administrator turns the public grievance page on or off. */
export default async function Page() {
  const user = await pageUser('grievanceSettings');
  const t = await getTranslations('grievancePublic.settings');
  const enabled = await publicIntakeEnabled(user);
  const address = new URL(`/report/${encodeURIComponent(user.operatorCode ?? '')}`, publicUrl()).toString();
  return (
    <ClientMessages paths={['errors', 'grievancePublic.settings']}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <section className="card stack">
        <p role="status">{enabled ? t('on') : t('off')}</p>
        <p>
          {t('address')}: {enabled ? <a href={address}>{address}</a> : <code>{address}</code>}
        </p>
        <PublicIntakeToggle enabled={enabled} />
      </section>
    </ClientMessages>
  );
}
