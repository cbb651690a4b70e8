import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { PublicReportForm } from '@/components/grievances/public/public-report-form';
import { publicCategories, publicIntakeOperator } from '@/lib/grievances/public';
import { ClientMessages } from '@/components/client-messages';

type Props = {
  params: Promise<{ operatorCode: string }>;
  searchParams: Promise<{ error?: string }>;
};

export async function generateMetadata({ params }: Props) {
  const operator = await publicIntakeOperator((await params).operatorCode);
  if (!operator) return {};
  const name = (await getLocale()) === 'km' ? operator.nameKm : operator.nameEn;
  return { title: (await getTranslations('grievancePublic.form'))('title', { operator: name }) };
}

/** The operator's public grievance page, no sign-in: "not found" while the operator has it off. */
export default async function Page({ params, searchParams }: Props) {
  const operator = await publicIntakeOperator((await params).operatorCode);
  if (!operator) notFound();
  const [t, locale, categories, { error }] = await Promise.all([
    getTranslations('grievancePublic.form'),
    getLocale(),
    publicCategories(operator),
    searchParams,
  ]);
  const name = locale === 'km' ? operator.nameKm : operator.nameEn;
  return (
    <ClientMessages paths={['errors', 'grievancePublic.form', 'grievancePublic.sent']}>
      <h1>{t('title', { operator: name })}</h1>
      <p>{t('intro')}</p>
      <PublicReportForm
        operatorCode={operator.operatorCode}
        categories={categories.map((c) => ({ id: c.id, name: locale === 'km' ? c.nameKm : c.nameEn }))}
        refused={error === 'invalid'}
      />
    </ClientMessages>
  );
}
