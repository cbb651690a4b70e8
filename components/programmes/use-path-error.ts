'use client';
import { useFormContext } from 'react-hook-form';
import { useErrorText } from '@/components/form/error-text';

/** The error react-hook-form holds at `path` (a field or a whole condition), in the user's language. */
export function usePathError(path: string): string | null {
  const { getFieldState, formState } = useFormContext();
  const errorText = useErrorText();
  const message = getFieldState(path, formState).error?.message;
  return message ? errorText(message) : null;
}
