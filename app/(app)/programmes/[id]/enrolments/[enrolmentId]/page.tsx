import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { notFound } from 'next/navigation';
import { PaymentDetailsForm } from '@/components/enrolments/payment-details-form';
import { EndForm, ReactivateForm, SuspendForm } from '@/components/enrolments/state-forms';
import { pageUser } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { enrolmentView, recipientChoices } from '@/lib/programmes/beneficiary-view';
import { nationalPhone } from '@/lib/records/form-values';
import { uuidSchema } from '@/lib/validation';
import { ClientMessages } from '@/components/client-messages';

type Props = { params: Promise<{ id: string; enrolmentId: string }> };

export default async function EnrolmentPage({ params }: Props) {
  const actor = await pageUser('programmes');
  const { id, enrolmentId } = await params;
  // Another operator's enrolment, an unknown or a malformed id, or one of another programme: 404.
  const e = uuidSchema.safeParse(enrolmentId).success ? await enrolmentView(actor, enrolmentId) : undefined;
  if (!e || e.programmeId !== id) notFound();
  const [t, format, locale, members] = await Promise.all([
    getTranslations('enrolments'),
    getAppFormatter(),
    getLocale(),
    recipientChoices(actor, e.householdId),
  ]);
  const edits = can(actor, 'benefitEnrolment');
  const ended = e.status === 'exited' || e.status === 'graduated';
  const date = (d: string | null) => (d ? format.day(d) : '—');
  const ref = { enrolmentId: e.id, version: e.version };
  const term = (label: string, value: React.ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <ClientMessages paths={['enrolments.channels', 'enrolments.detail', 'enrolments.payment', 'errors']}>
      <h1>{t('detail.title', { programme: locale === 'km' ? e.programmeNameKm : e.programmeNameEn })}</h1>
      <p>
        <Link href={`/programmes/${id}/enrolments`}>{t('list.back')}</Link>
      </p>
      <section className="card" aria-labelledby="enrolment-details">
        <h2 id="enrolment-details">{t('detail.stateTitle')}</h2>
        <dl className="record">
          {term(t('detail.household'), <Link href={`/households/${e.householdId}`}>{t('section.open')}</Link>)}
          {e.memberId &&
            term(
              t('detail.member'),
              <Link href={`/members/${e.memberId}`}>{`${e.memberName} ${e.memberGivenName}`}</Link>,
            )}
          {term(t('detail.enrolledOn'), date(e.enrolledOn))}
          {term(t('section.status'), <span className="badge">{t(`statuses.${e.status as 'active'}`)}</span>)}
          {term(t('detail.date'), date(e.statusDate))}
          {e.statusReason && term(t('detail.reason'), e.statusReason)}
          {term(t('payment.channel'), t(`channels.${(e.channel ?? 'none') as 'none'}`))}
          {e.phone && term(t('payment.phone'), nationalPhone(e.phone))}
          {e.account && term(t('payment.account'), e.account)}
          {e.paymentPoint && term(t('payment.paymentPoint'), e.paymentPoint)}
          {term(
            t('section.recipient'),
            e.proxyName
              ? t('section.proxy', { name: e.proxyName, relationship: e.proxyRelationship ?? '' })
              : e.recipientSurname
                ? `${e.recipientSurname} ${e.recipientGivenName ?? ''}`
                : '—',
          )}
        </dl>
        {ended && <p className="muted">{t('detail.final')}</p>}
      </section>

      {edits && e.status === 'active' && (
        <section className="card" aria-labelledby="enrolment-suspend">
          <h2 id="enrolment-suspend">{t('detail.suspend')}</h2>
          <SuspendForm key={e.version} {...ref} />
        </section>
      )}
      {edits && e.status === 'suspended' && (
        <section className="card" aria-labelledby="enrolment-reactivate">
          <h2 id="enrolment-reactivate">{t('detail.reactivate')}</h2>
          <ReactivateForm key={e.version} {...ref} />
        </section>
      )}
      {edits && !ended && (
        <section className="card" aria-labelledby="enrolment-payment">
          <h2 id="enrolment-payment">{t('payment.title')}</h2>
          <PaymentDetailsForm
            members={members}
            defaults={{
              ...ref,
              channel: (e.channel ?? '') as '',
              account: e.account ?? '',
              phone: e.phone ?? '',
              paymentPoint: e.paymentPoint ?? '',
              recipientKind: e.proxyName ? 'proxy' : 'member',
              recipientMemberId: e.recipientMemberId ?? '',
              proxyName: e.proxyName ?? '',
              proxyRelationship: e.proxyRelationship ?? '',
              proxyPhone: e.proxyPhone ?? '',
            }}
          />
        </section>
      )}
      {edits && !ended && (
        <section className="card" aria-labelledby="enrolment-end">
          <h2 id="enrolment-end">{t('detail.end')}</h2>
          <EndForm key={e.version} {...ref} />
        </section>
      )}
    </ClientMessages>
  );
}
