'use client';
import { useState } from 'react';
import { useWatch, type DefaultValues, type FieldValues, type Path, type PathValue } from 'react-hook-form';
import type { z } from 'zod';
import { useActionForm } from '@/components/form/use-action-form';
import type { Conflict, EditResult } from '@/lib/records/conflict';
import type { ConflictRow } from './conflict-panel';

/**
 * An edit form with optimistic concurrency: it carries the version it was loaded at. When the
 * server answers CONFLICT, the typed values stay; the other person's values are kept beside them
 * until the user chooses to save theirs over (at the new version) or to take the other values.
 */
export function useEditForm<S extends z.ZodType<FieldValues, FieldValues>, V extends object>(
  schema: S,
  defaults: z.input<S>,
  /** Where the record's fields sit in the form: `household` or `member`. */
  key: 'household' | 'member',
  action: (input: z.output<S>) => Promise<EditResult<V>>,
  onSaved: () => void,
) {
  type In = z.input<S>;
  const [conflict, setConflict] = useState<Conflict<V> | null>(null);
  const { form, onSubmit, formError, pending } = useActionForm(schema, defaults as DefaultValues<In>, async (input) => {
    const res = await action(input);
    setConflict(!res.ok && 'conflict' in res ? res.conflict : null);
    return res;
  }, onSaved);
  const mine = useWatch({ control: form.control, name: key as Path<In> }) as Record<string, unknown> | undefined;
  const theirs = (conflict?.current ?? {}) as Record<string, unknown>;
  const rows: ConflictRow[] = (conflict?.fields ?? []).map((field) => ({ field, theirs: theirs[field], yours: mine?.[field] }));

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
  }

  return {
    form, onSubmit, pending, conflict, rows, saveMine, takeTheirs,
    // The conflict message belongs to the panel; once the user has chosen, it no longer applies.
    formError: formError === 'editConflict' && !conflict ? null : formError,
  };
}
