'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type DefaultValues, type FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import { placeFieldErrors } from '@/components/form/place-field-errors';

type Result<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; messageKey: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * A form checked on the client by the server's own zod schema, sending the RAW values (the server
 * parses them again with the same schema: its output — null for '', E.164 phones — would not parse
 * twice). Server field errors go beside their fields; anything else is one form-level message.
 */
export function useRawForm<S extends z.ZodType<FieldValues, FieldValues>, T>(
  schema: S,
  defaultValues: z.input<S>,
  action: (input: unknown) => Promise<Result<T>>,
  /** `reset` puts the form back to its starting values. */
  onSuccess?: (data: T, reset: () => void) => void,
) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema),
    defaultValues: defaultValues as DefaultValues<z.input<S>>,
    mode: 'onTouched',
  });
  const [formError, setFormError] = useState<string | null>(null);
  const onSubmit = form.handleSubmit(async () => {
    setFormError(null);
    let result: Result<T>;
    try {
      result = await action(form.getValues());
    } catch {
      setFormError('NETWORK');
      return;
    }
    if (result.ok) onSuccess?.(result.data, () => form.reset());
    else if (!placeFieldErrors(form, result.fieldErrors)) setFormError(result.messageKey);
  });
  return { form, onSubmit, formError, pending: form.formState.isSubmitting };
}
