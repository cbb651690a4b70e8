'use client';
import { useTranslations } from 'next-intl';

/** Prints the page as a card: the print stylesheet (app/globals.css, @media print) keeps only the record. */
export function PrintButton({ card }: { card: 'household' | 'member' }) {
  const t = useTranslations('ui.print');
  return (
    <button type="button" className="secondary" onClick={() => window.print()}>
      {t(card)}
    </button>
  );
}
