'use client';
import { useLocale, useTranslations } from 'next-intl';
import { TableScroll } from '@/components/ui/table-scroll';
import { useEffect, useId, useRef } from 'react';
import { formatterFor } from '@/lib/i18n/format';
import { looseTranslator, valueText } from '@/lib/records/history-text';

export interface ConflictRow {
  field: string;
  theirs: unknown;
  yours: unknown;
}

/** Field labels and values as the history shows them (sex, relationship, dates… in the user's language). */
export function useRecordText() {
  const t = looseTranslator(useTranslations());
  const locale = useLocale();
  const format = formatterFor(locale);
  const ctx = {
    t,
    format,
    locale,
    householdView: false,
    refs: { householdCodes: {}, memberNames: {}, deletedMemberNames: {}, villages: {} },
  };
  return {
    label: (field: string) => (t.has(`records.history.fields.${field}`) ? t(`records.history.fields.${field}`) : field),
    value: (field: string, v: unknown) => valueText(ctx, field, v),
  };
}

/**
 * Someone saved the record after this form was loaded. Their values stand beside the user's, whose
 * input stays in the form untouched; the user chooses — nothing is overwritten without that choice.
 */
export function ConflictPanel({
  rows,
  pending,
  onSaveMine,
  onTakeTheirs,
}: {
  rows: ConflictRow[];
  pending: boolean;
  onSaveMine: () => void;
  onTakeTheirs: () => void;
}) {
  const t = useTranslations('records.conflict');
  const text = useRecordText();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // Move focus to the explanation, so keyboard and screen-reader users meet it first.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card conflict" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {t('title')}
      </h2>
      <p>{t('text')}</p>
      {rows.length === 0 ? (
        <p>{t('same')}</p>
      ) : (
        <TableScroll label={t('caption')}>
          <table>
            <caption className="muted">{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field')}</th>
                <th scope="col">{t('theirs')}</th>
                <th scope="col">{t('yours')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.field}>
                  <th scope="row">{text.label(r.field)}</th>
                  <td>{text.value(r.field, r.theirs)}</td>
                  <td>{text.value(r.field, r.yours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
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
