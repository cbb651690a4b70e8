import type en from './messages/en.json';

// Type-checks every message key used with next-intl against the English catalogue;
// test/i18n.test.ts checks that the Khmer one has exactly the same keys.
declare module 'next-intl' {
  interface AppConfig {
    Messages: typeof en;
    Locale: 'km' | 'en';
  }
}
