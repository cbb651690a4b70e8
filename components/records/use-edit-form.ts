'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, useWatch, type DefaultValues, type FieldValues, type Path, type PathValue } from 'react-hook-form';
import type { z } from 'zod';
import type { Conflict, EditResult } from '@/lib/records/conflict';
import type { ConflictRow } from './conflict-panel';
import { placeFieldErrors } from '@/components/form/place-field-errors';

/**
 * An edit form with optimistic concurrency: it carries the version it was loaded at. When the
 * server answers CONFLICT, the typed values stay; the other person's values are kept beside them
 * until the user chooses to save theirs over (at the new version) or to take the other values.
 *
 * The server is sent the raw form values, not the schema's output: the enrolment schemas turn ''
 * into null and "1" into 1, which the server's own parse of the same schema would refuse.
 */
export function useEditForm<S extends z.ZodType<FieldValues, FieldValues>, V extends object>(
  schema: S,
  defaults: z.input<S>,
  /** Where the record's fields sit in the form: `household` or `member`. */
  key: 'household' | 'member',
  action: (input: unknown) => Promise<EditResult<V>>,
  onSaved: () => void,
) {
  type In = z.input<S>;
  const form = useForm<In, unknown, z.output<S>>({
    resolver: zodResolver(schema),
    defaultValues: defaults as DefaultValues<In>,
    mode: 'onTouched',
  });
  const [conflict, setConflict] = useState<Conflict<V> | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    setPending(true);
    setFormError(null);
    try {
      const res = await action(form.getValues());
      if (res.ok) return onSaved();
      if ('conflict' in res) {
        setConflict(res.conflict);
        return setFormError(res.messageKey);
      }
      if (!placeFieldErrors(form, res.fieldErrors)) setFormError(res.messageKey);
    } catch {
      setFormError('NETWORK');
    } finally {
      setPending(false);
    }
  }

  const onSubmit = form.handleSubmit(() => submit());
  const mine = useWatch({ control: form.control, name: key as Path<In> }) as Record<string, unknown> | undefined;
  const theirs = (conflict?.current ?? {}) as Record<string, unknown>;
  const rows: ConflictRow[] = (conflict?.fields ?? []).map((field) => ({
    field,
    theirs: theirs[field],
    yours: mine?.[field],
  }));

  function saveMine() {
    if (!conflict) return;
    form.setValue('version' as Path<In>, conflict.version as PathValue<In, Path<In>>);
    setConflict(null);
    void onSubmit();
  }

  function takeTheirs() {
    if (!conflict) return;
    form.reset({ ...form.getValues(), version: conflict.version, [key]: conflict.current } as In);
    setConflict(null);
    setFormError(null);
  }

  return { form, onSubmit, pending, conflict, rows, saveMine, takeTheirs, formError };
}
