'use client';
import { useId } from 'react';
import { useFormContext, type FieldValues, type Path } from 'react-hook-form';
import { useErrorText } from './error-text';

interface TextFieldProps<F extends FieldValues> {
  name: Path<F>;
  label: string;
  type?: 'text' | 'email' | 'password' | 'date';
  hint?: string;
  autoComplete?: string;
  required?: boolean;
}

/** A labelled input whose error sits beside it and is announced (aria-describedby, aria-live). */
export function TextField<F extends FieldValues>({
  name,
  label,
  type = 'text',
  hint,
  autoComplete,
  required,
}: TextFieldProps<F>) {
  const id = useId();
  const { register, formState, getFieldState } = useFormContext<F>();
  const errorText = useErrorText();
  // getFieldState reads nested paths such as members.0.surnameKm.
  const error = getFieldState(name, formState).error?.message;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...register(name)}
      />
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error ? errorText(error) : null}
      </span>
    </div>
  );
}

interface CheckboxGroupProps<F extends FieldValues> {
  name: Path<F>;
  legend: string;
  options: { value: string; label: string }[];
}

export function CheckboxGroup<F extends FieldValues>({ name, legend, options }: CheckboxGroupProps<F>) {
  const id = useId();
  const { register, formState } = useFormContext<F>();
  const errorText = useErrorText();
  const raw = formState.errors[name] as { message?: string; root?: { message?: string } } | undefined;
  const error = raw?.message ?? raw?.root?.message;
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="checkbox" value={o.value} {...register(name)} /> {o.label}
        </label>
      ))}
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error ? errorText(error) : null}
      </span>
    </fieldset>
  );
}

export function FormError({ messageKey }: { messageKey: string | null }) {
  const errorText = useErrorText();
  if (!messageKey) return null;
  return (
    <p className="form-error" role="alert">
      {errorText(messageKey)}
    </p>
  );
}

/** Props shared by the single-value fields below: the error sits beside the input, announced. */
interface BaseFieldProps<F extends FieldValues> {
  name: Path<F>;
  label: string;
  hint?: string;
  required?: boolean;
}

function useFieldState<F extends FieldValues>(name: Path<F>, hint?: string) {
  const id = useId();
  const { register, getFieldState, formState } = useFormContext<F>();
  const errorText = useErrorText();
  const error = getFieldState(name, formState).error?.message;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return { id, register, error: error ? errorText(error) : null, describedBy };
}

export function SelectField<F extends FieldValues>({
  name,
  label,
  hint,
  required,
  options,
  placeholder,
}: BaseFieldProps<F> & {
  options: { value: string; label: string }[];
  placeholder?: string;
}) {
  const { id, register, error, describedBy } = useFieldState<F>(name, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <select
        id={id}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...register(name)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error}
      </span>
    </div>
  );
}

export function TextAreaField<F extends FieldValues>({ name, label, hint }: BaseFieldProps<F>) {
  const { id, register, error, describedBy } = useFieldState<F>(name, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <textarea
        id={id}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...register(name)}
      />
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error}
      </span>
    </div>
  );
}

export function CheckboxField<F extends FieldValues>({ name, label }: { name: Path<F>; label: string }) {
  const { id, register } = useFieldState<F>(name);
  return (
    <div className="field checkbox">
      <label htmlFor={id}>
        <input id={id} type="checkbox" {...register(name)} /> {label}
      </label>
    </div>
  );
}
