import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';

/**
 * Puts the server's field errors (dotted paths, as runAction returns them) beside their fields and
 * focuses the first; returns false when none belongs to a field, so the caller shows a form-level message.
 */
export function placeFieldErrors<T extends FieldValues, C, O>(
  form: UseFormReturn<T, C, O>,
  fieldErrors: Record<string, string[] | undefined> | undefined,
): boolean {
  let placed = false;
  for (const [field, keys] of Object.entries(fieldErrors ?? {})) {
    if (!keys?.[0] || field === '_form' || form.getValues(field as Path<T>) === undefined) continue;
    form.setError(field as Path<T>, { message: keys[0] }, { shouldFocus: !placed });
    placed = true;
  }
  return placed;
}
