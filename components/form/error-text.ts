'use client';
import { useTranslations } from 'next-intl';

type ErrorKey = Parameters<ReturnType<typeof useTranslations<'errors'>>>[0];

/** Error keys from zod schemas and domain errors, in the user's language; unknown keys read as "invalid". */
export function useErrorText() {
  const t = useTranslations('errors');
  return (key: string | undefined): string => (key && t.has(key as ErrorKey) ? t(key as ErrorKey) : t('invalid'));
}
