import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import type { ActionResult } from '@/lib/action';
import type { OperatorUser } from '@/lib/auth/guards';
import { can } from '@/lib/auth/policy';
import {
  activeProgrammes,
  householdBenefits,
  memberBenefits,
  type EnrolmentView,
  type PaymentLineView,
} from '@/lib/programmes/beneficiary-view';
import { nationalPhone } from '@/lib/records/form-values';
import { EnrolForm } from './enrol-form';

// "Programmes and payments" on the household and member pages: the enrolments with their payment
// details, the payment lines (amounts formatted on the server), and the form to enrol.

type Props = {
  actor: OperatorUser;
  householdId: string;
  /** The member page: that member's own enrolments and lines; else the household's. */
  memberId?: string;
  /** Enrolling is offered for an active household or member only. */
  canEnrol: boolean;
  action: (input: unknown) => Promise<ActionResult<{ id: string }>>;
};

export async function BenefitsSection({ actor, householdId, memberId, canEnrol, action }: Props) {
  const locale = await getLocale();
  const enrolling = canEnrol && can(actor, 'benefitEnrolment');
  const [t, { enrolments, lines }, programmes] = await Promise.all([
    getTranslations('enrolments'),
    memberId ? memberBenefits(actor, memberId, locale) : householdBenefits(actor, householdId, locale),
    enrolling ? activeProgrammes(actor) : Promise.resolve([]),
  ]);
  // One region named "Programmes and payments", holding the two sections the record pages have
  // always shown (their h2 headings, "Programmes" and "Payments", stay where people look for them).
  return (
    <div role="region" aria-label={t('section.title')} className="stack">
      <section className="card" aria-labelledby="benefits-programmes">
        <h2 id="benefits-programmes">{t('section.programmes')}</h2>
        {enrolments.length === 0 ? (
          <p className="muted">{t('section.empty')}</p>
        ) : (
          <EnrolmentsTable rows={enrolments} links={can(actor, 'programmes')} />
        )}
        {enrolling && (
          <>
            <h3>{t('section.enrolTitle')}</h3>
            <EnrolForm
              householdId={householdId}
              memberId={memberId ?? ''}
              programmes={programmes.map((p) => ({
                id: p.id,
                label: `${locale === 'km' ? p.nameKm : p.nameEn} (${p.code})`,
              }))}
              action={action}
            />
          </>
        )}
      </section>
      <section className="card" aria-labelledby="benefits-payments">
        <h2 id="benefits-payments">{t('lines.title')}</h2>
        {lines.length === 0 ? <p className="muted">{t('lines.empty')}</p> : <LinesTable rows={lines} />}
      </section>
    </div>
  );
}

/** `links`: the enrolment's page is under Programmes, which not every reader of a record may open. */
async function EnrolmentsTable({ rows, links }: { rows: EnrolmentView[]; links: boolean }) {
  const [t, u, format, locale] = await Promise.all([
    getTranslations('enrolments'),
    getTranslations('ui'),
    getAppFormatter(),
    getLocale(),
  ]);
  const date = (d: string | null) => (d ? format.day(d) : '—');
  return (
    <TableScroll label={u('tableOf', { name: t('section.programmes') })}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('section.programme')}</th>
            <th scope="col">{t('section.beneficiary')}</th>
            <th scope="col">{t('section.status')}</th>
            <th scope="col">{t('section.payment')}</th>
            <th scope="col">{t('section.recipient')}</th>
            {links && <th scope="col">{t('section.open')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <td>{locale === 'km' ? e.programmeNameKm : e.programmeNameEn}</td>
              <td>{e.memberId ? `${e.memberName ?? ''} ${e.memberGivenName ?? ''}` : t('section.wholeHousehold')}</td>
              <td>
                <span className="badge">{t(`statuses.${e.status as 'active'}`)}</span>{' '}
                <span className="muted">{t('section.since', { date: date(e.statusDate ?? e.enrolledOn) })}</span>
                {e.statusReason && <div className="muted">{e.statusReason}</div>}
              </td>
              <td>
                {t(`channels.${(e.channel ?? 'none') as 'none'}`)}
                {(e.account || e.phone || e.paymentPoint) && (
                  <div className="muted">
                    {[e.account, e.phone ? nationalPhone(e.phone) : null, e.paymentPoint].filter(Boolean).join(' · ')}
                  </div>
                )}
              </td>
              <td>
                {e.proxyName
                  ? t('section.proxy', { name: e.proxyName, relationship: e.proxyRelationship ?? '' })
                  : e.recipientSurname
                    ? `${e.recipientSurname} ${e.recipientGivenName ?? ''}`
                    : '—'}
              </td>
              {links && (
                <td>
                  <Link href={`/programmes/${e.programmeId}/enrolments/${e.id}`}>{t('section.open')}</Link>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

async function LinesTable({ rows }: { rows: PaymentLineView[] }) {
  const [t, u, format] = await Promise.all([
    getTranslations('enrolments.lines'),
    getTranslations('ui'),
    getAppFormatter(),
  ]);
  return (
    <TableScroll label={u('tableOf', { name: t('title') })}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('period')}</th>
            <th scope="col">{t('list')}</th>
            <th scope="col">{t('programme')}</th>
            <th scope="col">{t('amount')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('paidOn')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr key={l.id}>
              <td>{l.period}</td>
              <td>{l.listCode}</td>
              <td>{l.programmeName}</td>
              <td>{l.amount}</td>
              <td>{t(`statuses.${l.status as 'paid'}`)}</td>
              <td>{l.paidOn ? format.day(l.paidOn) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
