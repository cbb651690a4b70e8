import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { HelpArea } from './areas';

/** The link from an area's main page to its help page, beside the page's title. */
export async function HelpLink({ area }: { area: HelpArea }) {
  const t = await getTranslations('ui.help');
  return (
    <p className="help-link-row">
      <Link href={`/help/${area}`}>{t('areaLink', { area: t(`areas.${area}.title`) })}</Link>
    </p>
  );
}
