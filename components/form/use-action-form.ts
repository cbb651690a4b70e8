'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type DefaultValues, type FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import { placeFieldErrors } from './place-field-errors';

type Result<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; messageKey: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * A react-hook-form form validated by the same zod schema the server uses. Server field errors are
 * put beside their fields; anything else becomes one form-level message. The typed values stay.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, T>(
  schema: S,
  defaultValues: DefaultValues<z.input<S>>,
  action: (input: z.output<S>) => Promise<Result<T>>,
  onSuccess?: (data: T, values: z.output<S>, reset: () => void) => void,
) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema),
    defaultValues,
    mode: 'onTouched',
  });
  const [formError, setFormError] = useState<string | null>(null);
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    let result: Result<T>;
    try {
      result = await action(values);
    } catch {
      setFormError('NETWORK');
      return;
    }
    if (result.ok) {
      onSuccess?.(result.data, values, () => form.reset());
      return;
    }
    if (!placeFieldErrors(form, result.fieldErrors)) setFormError(result.messageKey);
  });
  return { form, onSubmit, formError, pending: form.formState.isSubmitting };
}
