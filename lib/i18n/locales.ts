// The interface languages, in a plain module that client components may import (lib/i18n/locale.ts,
// which resolves the reader's language, is server-only); db/schema/accounts.ts re-exports them.

export const LOCALES = ['km', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
