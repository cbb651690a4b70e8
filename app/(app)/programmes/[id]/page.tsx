import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { programmeName, ProgrammeStatusBadge } from '@/components/programmes/programme-parts';
import { RuleSentences } from '@/components/programmes/rule-sentences';
import { StatusButtons } from '@/components/programmes/status-buttons';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { DomainError } from '@/lib/errors';
import { getProgramme } from '@/lib/programmes/service';
import type { ProgrammeStatus } from '@/lib/programmes/values';
import { ClientMessages } from '@/components/client-messages';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One read per request, shared by the metadata and the page. */
const load = cache(async (id: string) => {
  const actor = await pageUser('programmes');
  try {
    return { actor, programme: await getProgramme(actor, id) };
  } catch (e) {
    // Another operator's programme, an unknown or a malformed id: all the same 404.
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Props) {
  const { programme } = await load((await params).id);
  return { title: `${programme.code} · ${programmeName(programme, await getLocale())}` };
}

export default async function ProgrammePage({ params, searchParams }: Props) {
  const { actor, programme: p } = await load((await params).id);
  const saved = (await searchParams).saved === '1';
  const [t, f, format, locale] = await Promise.all([
    getTranslations('programmes.view'),
    getTranslations('programmes.form'),
    getAppFormatter(),
    getLocale(),
  ]);
  const manage = can(actor, 'programmesManage');
  const day = (d: string) => format.longDay(d);
  const term = (label: string, value: React.ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <ClientMessages paths={['errors', 'programmes.view']}>
      <h1>
        {p.code} · {programmeName(p, locale)}
      </h1>
      <p>
        <ProgrammeStatusBadge status={p.status} />
      </p>
      {saved && (
        <p className="form-ok" role="status">
          {t('saved')}
        </p>
      )}
      <p className="actions-row">
        {manage && p.status !== 'closed' && (
          <Link className="button" href={`/programmes/${p.id}/edit`}>
            {t('edit')}
          </Link>
        )}
        <Link href={`/programmes/${p.id}/enrolments`}>{t('enrolments')}</Link>
        <Link href={`/payments?programme=${p.id}`}>{t('paymentLists')}</Link>
      </p>
      {manage && <StatusButtons id={p.id} version={p.version} status={p.status as ProgrammeStatus} />}
      <section className="card" aria-labelledby="programme-details">
        <h2 id="programme-details">{t('details')}</h2>
        <dl className="record">
          {term(f('code'), p.code)}
          {term(f('nameKm'), <span lang="km">{p.nameKm}</span>)}
          {term(f('nameEn'), <span lang="en">{p.nameEn}</span>)}
          {term(f('benefitTypeLabel'), f(`benefitType.${p.benefitType}` as 'benefitType.cash'))}
          {term(f('currencyLabel'), f(`currency.${p.currency}` as 'currency.KHR'))}
          {term(f('frequencyLabel'), f(`frequency.${p.frequency}` as 'frequency.monthly'))}
          {term(f('startDate'), day(p.startDate))}
          {term(f('endDate'), p.endDate ? day(p.endDate) : t('noEnd'))}
          {term(t('description'), p.description ?? t('none'))}
        </dl>
      </section>
      <section className="card" aria-labelledby="programme-rules">
        <h2 id="programme-rules">{t('rules')}</h2>
        <RuleSentences rules={p.rules} />
      </section>
    </ClientMessages>
  );
}
