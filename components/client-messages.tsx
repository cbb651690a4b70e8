import { NextIntlClientProvider } from 'next-intl';
import { getLocale } from 'next-intl/server';
import { clientMessages, type ClientPath } from '@/lib/i18n/client-messages';
import type { Locale } from '@/lib/i18n/locales';

/**
 * The messages a page's client components translate with (lib/i18n/client-messages.ts): the shell's
 * and these paths, and nothing else of the catalogue. A nested provider replaces the root layout's
 * messages for what it wraps; test/client-messages.test.ts checks each page names what it uses.
 */
export async function ClientMessages({ paths, children }: { paths: readonly ClientPath[]; children: React.ReactNode }) {
  const locale = (await getLocale()) as Locale;
  return <NextIntlClientProvider messages={clientMessages(locale, paths)}>{children}</NextIntlClientProvider>;
}
