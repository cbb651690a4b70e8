'use client';
import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { useErrorText } from '@/components/form/error-text';
import type { Field, FieldErrors, SearchForm } from './use-member-search';

interface FieldProps {
  name: Field;
  label: string;
  hint?: string;
  form: SearchForm;
  errors: FieldErrors | null;
  onChange: (name: Field, value: string) => void;
}

/** A labelled control whose hint and error are tied to it (aria-describedby) and announced. */
function Labelled({
  name,
  label,
  hint,
  errors,
  children,
}: Omit<FieldProps, 'form' | 'onChange'> & {
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

function TextInput(props: FieldProps & { digits?: number; type?: 'text' | 'number' }) {
  const { name, form, onChange, digits, type = 'text' } = props;
  return (
    <Labelled {...props}>
      {(a11y) => (
        <input
          {...a11y}
          name={name}
          type={type}
          value={form[name]}
          onChange={(e) => onChange(name, e.target.value)}
          inputMode="numeric"
          maxLength={digits}
          size={digits ?? 4}
          min={type === 'number' ? 0 : undefined}
          max={type === 'number' ? 130 : undefined}
          pattern={digits ? `[0-9]{${digits}}` : undefined}
        />
      )}
    </Labelled>
  );
}

function Select(props: FieldProps & { options: { value: string; label: string }[] }) {
  const { name, form, onChange, options } = props;
  return (
    <Labelled {...props}>
      {(a11y) => (
        <select {...a11y} name={name} value={form[name]} onChange={(e) => onChange(name, e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

export function SearchFilters(
  props: Omit<FieldProps, 'name' | 'label' | 'hint'> & { provinces: { code: string; name: string }[] },
) {
  const t = useTranslations('search');
  const common = { form: props.form, errors: props.errors, onChange: props.onChange };
  const any = { value: '', label: t('any') };
  return (
    <fieldset className="filters">
      <legend>{t('filters')}</legend>
      <Select
        {...common}
        name="province"
        label={t('province')}
        options={[
          { value: '', label: t('anyProvince') },
          ...props.provinces.map((p) => ({ value: p.code, label: `${p.code} ${p.name}` })),
        ]}
      />
      <TextInput {...common} name="district" label={t('district')} hint={t('areaHint')} digits={4} />
      <TextInput {...common} name="commune" label={t('commune')} digits={6} />
      <TextInput {...common} name="village" label={t('village')} digits={8} />
      <Select
        {...common}
        name="sex"
        label={t('sex')}
        options={[any, { value: 'F', label: t('sexF') }, { value: 'M', label: t('sexM') }]}
      />
      <TextInput {...common} name="ageMin" label={t('ageMin')} type="number" />
      <TextInput {...common} name="ageMax" label={t('ageMax')} type="number" />
      <Select
        {...common}
        name="disability"
        label={t('disability')}
        options={[
          any,
          { value: 'true', label: t('withDisability') },
          { value: 'false', label: t('withoutDisability') },
        ]}
      />
      <Select
        {...common}
        name="status"
        label={t('status')}
        options={[
          any,
          { value: 'active', label: t('statusActive') },
          { value: 'deceased', label: t('statusDeceased') },
          { value: 'exited', label: t('statusExited') },
        ]}
      />
    </fieldset>
  );
}

export { Labelled };
