'use client';
import { NextIntlClientProvider } from 'next-intl';
import type { Locale } from '@/lib/i18n/locales';
import en from '@/messages/client/en.json';
import km from '@/messages/client/km.json';

const MESSAGES = { en, km };

/**
 * Translations for client components, from the bundle (messages/client/, cached by the browser like
 * any script) rather than from the page: only the locale and time zone travel with each page. The
 * server renders these components with the same files, so the HTML and the browser agree.
 */
export function IntlProvider({
  locale,
  timeZone,
  children,
}: {
  locale: Locale;
  timeZone: string;
  children: React.ReactNode;
}) {
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={MESSAGES[locale]}>
      {children}
    </NextIntlClientProvider>
  );
}
