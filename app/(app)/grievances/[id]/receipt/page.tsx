import '@/components/grievances/public/receipt.css';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { createTranslator } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { PrintButton } from '@/components/grievances/public/print-button';
import { pageUser } from '@/lib/auth/page';
import { grievanceReceipt } from '@/lib/grievances/receipt';
import type { Locale } from '@/lib/i18n/locales';
import { formatterFor } from '@/lib/i18n/format';
import { MESSAGES } from '@/messages';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ lang?: string }>;
};

export async function generateMetadata() {
  return { title: (await getTranslations('grievancePublic.receipt'))('title') };
}

/**
 * The complainant's printable receipt, in the user's language or the one chosen with ?lang= (the
 * complainant may read the other one). Dates are formatted here, on the server.
 */
export default async function Page({ params, searchParams }: Props) {
  const user = await pageUser('grievances');
  const [{ id }, { lang }, userLocale] = await Promise.all([params, searchParams, getLocale()]);
  const receipt = await grievanceReceipt(user, id);
  if (!receipt) notFound();
  const locale: Locale = lang === 'km' || lang === 'en' ? lang : (userLocale as Locale);
  const other: Locale = locale === 'km' ? 'en' : 'km';
  // Built for the chosen language, not the request's (next-intl's request config follows the user's).
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'grievancePublic.receipt' });
  const format = formatterFor(locale);
  const pick = (n: { nameKm: string; nameEn: string }) => (locale === 'km' ? n.nameKm : n.nameEn);
  const operator = pick(receipt.operator);
  const due = format.longDay(receipt.dueOn);
  return (
    <>
      <p className="receipt-tools">
        <Link href={`/grievances/${id}`}>{t('back')}</Link> ·{' '}
        <Link href={`/grievances/${id}/receipt?lang=${other}`} lang={other} hrefLang={other}>
          {t('otherLanguage')}
        </Link>{' '}
        <PrintButton label={t('print')} />
      </p>
      <article className="card grievance-receipt" lang={locale} aria-labelledby="receipt-title">
        <h1 id="receipt-title">{t('title')}</h1>
        <p>{operator}</p>
        <dl>
          <dt>{t('reference')}</dt>
          <dd className="receipt-reference">{receipt.code}</dd>
          <dt>{t('received')}</dt>
          <dd>{format.longDateTime(receipt.receivedAt)}</dd>
          <dt>{t('category')}</dt>
          <dd>{pick(receipt.category)}</dd>
          {(receipt.anonymous || receipt.complainantName) && (
            <>
              <dt>{t('complainant')}</dt>
              <dd>{receipt.anonymous ? t('anonymous') : receipt.complainantName}</dd>
            </>
          )}
          <dt>{t('operator')}</dt>
          <dd>
            {operator} ({receipt.operator.code})
          </dd>
        </dl>
        <h2>{t('expect')}</h2>
        <p>{t('expectText', { date: due })}</p>
        <p>{t('contact', { operator })}</p>
      </article>
    </>
  );
}
