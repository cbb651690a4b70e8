'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { useFormContext } from 'react-hook-form';
import { TableScroll } from '@/components/ui/table-scroll';
import type { ProgrammeFormValues } from '@/lib/programmes/schemas';

const FIELDS = [
  'code',
  'nameKm',
  'nameEn',
  'description',
  'benefitType',
  'currency',
  'frequency',
  'startDate',
  'endDate',
] as const;

const LABEL: Partial<Record<(typeof FIELDS)[number], 'benefitTypeLabel' | 'currencyLabel' | 'frequencyLabel'>> = {
  benefitType: 'benefitTypeLabel',
  currency: 'currencyLabel',
  frequency: 'frequencyLabel',
};

/**
 * Someone saved the programme after this form was loaded: which fields they changed differently,
 * their value beside the user's (whose input stays in the form), and the user's choice.
 */
export function ProgrammeConflict({
  conflict,
  pending,
  onSaveMine,
  onTakeTheirs,
}: {
  conflict: { current: ProgrammeFormValues };
  pending: boolean;
  onSaveMine: () => void;
  onTakeTheirs: () => void;
}) {
  const t = useTranslations('programmes.conflict');
  const f = useTranslations('programmes.form');
  const mine = useFormContext<ProgrammeFormValues>().getValues();
  const theirs = conflict.current;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const rows = FIELDS.filter((k) => String(mine[k] ?? '') !== String(theirs[k] ?? ''));
  const rulesDiffer = JSON.stringify(mine.rules) !== JSON.stringify(theirs.rules);
  return (
    <section className="card conflict" aria-labelledby="programme-conflict">
      <h2 id="programme-conflict" ref={heading} tabIndex={-1}>
        {t('title')}
      </h2>
      <p>{t('text')}</p>
      <TableScroll label={t('title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('field')}</th>
              <th scope="col">{t('theirs')}</th>
              <th scope="col">{t('yours')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((k) => (
              <tr key={k}>
                <th scope="row">{f(LABEL[k] ?? (k as 'code'))}</th>
                <td>{theirs[k] || '—'}</td>
                <td>{mine[k] || '—'}</td>
              </tr>
            ))}
            {rulesDiffer && (
              <tr>
                <th scope="row">{t('rules')}</th>
                <td colSpan={2}>{t('rulesDiffer')}</td>
              </tr>
            )}
          </tbody>
        </table>
      </TableScroll>
      <div className="actions-row">
        <button type="button" disabled={pending} onClick={onSaveMine}>
          {t('saveMine')}
        </button>
        <button type="button" className="secondary" disabled={pending} onClick={onTakeTheirs}>
          {t('takeTheirs')}
        </button>
      </div>
    </section>
  );
}
