'use client';
import { useLocale } from 'next-intl';
import { formatterFor } from './format';

/** Client components: the app's own formatter (never the browser's Intl), so hydration finds the server's text. */
export function useAppFormatter() {
  return formatterFor(useLocale());
}
