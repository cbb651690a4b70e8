import { useLocale } from 'next-intl';
import { formatterFor } from './format';

/**
 * Components that are not async (client ones, and shared ones a server page renders): the app's own formatter
 * (never the browser's Intl), so hydration finds the server's text. No 'use client' here: a shared component
 * rendered on the server calls it directly.
 */
export function useAppFormatter() {
  return formatterFor(useLocale());
}
