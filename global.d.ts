import type { Messages } from './messages';

// Type-checks every message key used with next-intl against the English catalogue;
// test/i18n.test.ts checks that the Khmer one has exactly the same keys.
declare module 'next-intl' {
  interface AppConfig {
    Messages: Messages;
    Locale: 'km' | 'en';
  }
}
