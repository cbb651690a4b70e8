'use client';
import { useState } from 'react';
import { PlaceFilter } from '@/components/search/place-filter';
import { formFrom, type Field } from '@/components/search/use-member-search';

/**
 * The bulk enrolment's place filters: the household search's address picker (places by name, the
 * village search), inside the page's plain GET form. Its selects carry the field names, so the form
 * sends the deepest code chosen, as the code boxes did.
 */
export function BulkPlaceFilter({
  values,
  errors,
  provinces,
}: {
  values: Record<string, string | undefined>;
  /** Message keys by field, from the server's parse of the URL. */
  errors: Record<string, string>;
  provinces: { code: string; name: string }[];
}) {
  const [form, setForm] = useState(() =>
    formFrom(Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined))),
  );
  const onChange = (name: Field, value: string) => setForm((f) => ({ ...f, [name]: value }));
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, [v]]));
  return <PlaceFilter form={form} errors={fieldErrors} onChange={onChange} provinces={provinces} />;
}
