import { getLocale, getTranslations } from 'next-intl/server';
import { TableScroll } from '@/components/ui/table-scroll';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { PrintButton } from '@/components/payments/files/print-button';
import styles from '@/components/payments/files/summary.module.css';
import { pageUser } from '@/lib/auth/page';
import { DomainError } from '@/lib/errors';
import { formatMoney, listSummary } from '@/lib/payments/summary';
import type { ListStatus } from '@/lib/payments/values';

type Props = { params: Promise<{ id: string }> };

const load = cache(async (id: string) => {
  const actor = await pageUser('payments');
  try {
    return await listSummary(actor, id);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
});

export async function generateMetadata({ params }: Props) {
  const { list } = await load((await params).id);
  return { title: (await getTranslations('paymentFiles.summary'))('title', { code: list.code }) };
}

/** A list's summary to print and sign: totals per commune, who made and checked it, signature boxes. */
export default async function SummaryPage({ params }: Props) {
  const s = await load((await params).id);
  const [t, format, locale] = await Promise.all([
    getTranslations('paymentFiles.summary'),
    getAppFormatter(),
    getLocale(),
  ]);
  const km = locale === 'km';
  const { list } = s;
  const money = (minor: number) => formatMoney(minor, list.currency, locale);
  const when = (d: Date | null) => (d ? format.dateTime(d) : t('notYet'));
  const steps = [
    { key: 'generated', who: s.generatedByName, at: list.generatedAt },
    { key: 'submitted', who: s.submittedByName, at: list.submittedAt },
    { key: 'approved', who: s.approvedByName, at: list.approvedAt },
    { key: 'exported', who: null, at: list.exportedAt },
    { key: 'reconciled', who: null, at: list.reconciledAt },
  ] as const;
  const signatures = [
    { key: 'preparedBy', name: s.generatedByName },
    { key: 'checkedBy', name: s.submittedByName },
    { key: 'approvedBy', name: s.approvedByName },
  ] as const;

  return (
    <article className={styles.sheet}>
      <PrintButton label={t('print')} className={styles.printButton} />
      <h1>{t('title', { code: list.code })}</h1>
      <dl className={styles.meta}>
        <dt>{t('programme')}</dt>
        <dd>{km ? s.programmeKm : s.programmeEn}</dd>
        <dt>{t('period')}</dt>
        <dd>{list.period}</dd>
        <dt>{t('paymentDate')}</dt>
        <dd>{format.longDay(list.paymentDate)}</dd>
        <dt>{t('status')}</dt>
        <dd>{t(`statuses.${list.status as ListStatus}`)}</dd>
        <dt>{t('currency')}</dt>
        <dd>{list.currency}</dd>
        <dt>{t('lineCount')}</dt>
        <dd>{format.number(list.lineCount)}</dd>
        <dt>{t('grandTotal')}</dt>
        <dd>{money(list.totalAmount)}</dd>
      </dl>

      <h2 id="by-commune">{t('byCommune')}</h2>
      <TableScroll label={t('byCommune')}>
        <table aria-labelledby="by-commune">
          <thead>
            <tr>
              <th scope="col">{t('province')}</th>
              <th scope="col">{t('district')}</th>
              <th scope="col">{t('commune')}</th>
              <th scope="col" className={styles.num}>
                {t('lines')}
              </th>
              <th scope="col" className={styles.num}>
                {t('amount')}
              </th>
              <th scope="col" className={styles.num}>
                {t('paid')}
              </th>
              <th scope="col" className={styles.num}>
                {t('failed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {s.communes.map((c) => (
              <tr key={c.communeCode ?? 'none'}>
                <td>{(km ? c.provinceKm : c.provinceLatin) ?? ''}</td>
                <td>{(km ? c.districtKm : c.districtLatin) ?? ''}</td>
                <td>{(km ? c.communeKm : c.communeLatin) ?? c.communeCode ?? t('noCommune')}</td>
                <td className={styles.num}>{format.number(c.lines)}</td>
                <td className={styles.num}>{money(c.amount)}</td>
                <td className={styles.num}>{money(c.paid)}</td>
                <td className={styles.num}>{money(c.failed)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t('grandTotal')}
              </th>
              <td className={styles.num}>{format.number(list.lineCount)}</td>
              <td className={styles.num}>{money(list.totalAmount)}</td>
              <td className={styles.num}>{money(list.paidAmount)}</td>
              <td className={styles.num}>{money(list.failedAmount)}</td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>

      <h2 id="approvals">{t('approvals')}</h2>
      <TableScroll label={t('approvals')}>
        <table aria-labelledby="approvals">
          <thead>
            <tr>
              <th scope="col">{t('step')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('when')}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((step) => (
              <tr key={step.key}>
                <th scope="row">{t(step.key)}</th>
                <td>{step.who ?? t('notYet')}</td>
                <td>{when(step.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2>{t('signatures')}</h2>
      <div className={styles.signatures}>
        {signatures.map((b) => (
          <section key={b.key} className={styles.box} aria-label={t(b.key)}>
            <strong>{t(b.key)}</strong>
            <span className={styles.line}>
              {t('nameLine')}: {b.name ?? ''}
            </span>
            <span className={styles.line}>{t('signature')}:</span>
            <span className={styles.line}>{t('dateLine')}:</span>
          </section>
        ))}
      </div>
      <p className="muted">{t('printedAt', { when: format.longDateTime(new Date()) })}</p>
    </article>
  );
}
