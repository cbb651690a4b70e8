'use client';
import { useId } from 'react';
import { useErrorText } from '@/components/form/error-text';
import type { Field, FieldErrors } from './use-member-search';

interface LabelledProps {
  name: Field;
  label: string;
  hint?: string;
  errors: FieldErrors | null;
}

/** A labelled control whose hint and error are tied to it (aria-describedby) and announced. */
export function Labelled({
  name,
  label,
  hint,
  errors,
  children,
}: LabelledProps & {
  children: (a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => React.ReactNode;
}) {
  const id = useId();
  const errorText = useErrorText();
  const error = errors?.[name]?.[0];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error ? errorText(error) : null}
      </span>
    </div>
  );
}
