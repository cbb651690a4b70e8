'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import styles from './public-report.module.css';

/** "Received", with the new reference: the only thing the public page ever tells about a grievance. */
export function ReportSent({ reference, againHref }: { reference: string; againHref: string }) {
  const t = useTranslations('grievancePublic.sent');
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves to the outcome, so a screen reader reads it at once.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card" aria-labelledby="report-sent-heading">
      <h2 id="report-sent-heading" ref={heading} tabIndex={-1}>
        {t('title')}
      </h2>
      <p>
        {t('reference')}:{' '}
        <strong className={styles.reference} data-testid="reference">
          {reference}
        </strong>
      </p>
      <p>{t('keep')}</p>
      <p>
        <a href={againHref}>{t('another')}</a>
      </p>
    </section>
  );
}
