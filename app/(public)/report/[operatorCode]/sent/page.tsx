import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ReportSent } from '@/components/grievances/public/report-sent';
import { publicIntakeOperator } from '@/lib/grievances/public';
import { REFERENCE_PATTERN } from '@/lib/grievances/public-schema';
import { ClientMessages } from '@/components/client-messages';

type Props = {
  params: Promise<{ operatorCode: string }>;
  searchParams: Promise<{ ref?: string }>;
};

export async function generateMetadata() {
  return { title: (await getTranslations('grievancePublic.sent'))('title') };
}

/**
 * Where the plain form (no JavaScript) lands: the reference from the address, shown only when it has the
 * shape of one of this operator's (never free text), and read from nowhere else — it reveals nothing.
 */
export default async function Page({ params, searchParams }: Props) {
  const operator = await publicIntakeOperator((await params).operatorCode);
  const { ref } = await searchParams;
  if (!operator || !ref || !REFERENCE_PATTERN.test(ref) || !ref.startsWith(`${operator.operatorCode}-G-`)) notFound();
  return (
    <ClientMessages paths={['grievancePublic.sent']}>
      <ReportSent reference={ref} againHref={`/report/${encodeURIComponent(operator.operatorCode)}`} />
    </ClientMessages>
  );
}
