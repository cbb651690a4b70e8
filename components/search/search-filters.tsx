'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { localDigits } from '@/lib/i18n/format';
import { Labelled } from './labelled';
import { PlaceFilter } from './place-filter';
import styles from './search-filters.module.css';
import type { Field, FieldErrors, SearchForm } from './use-member-search';

interface FieldProps {
  name: Field;
  label: string;
  hint?: string;
  form: SearchForm;
  errors: FieldErrors | null;
  onChange: (name: Field, value: string) => void;
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

/** The filters that narrow a search (everything but the search box), counted for the folded button. */
const FILTERS = [
  'province',
  'district',
  'commune',
  'village',
  'sex',
  'ageMin',
  'ageMax',
  'disability',
  'status',
] as const;

/**
 * The nine filters, folded behind one button on narrow screens (a phone sees its results without
 * scrolling past them): closed there unless a filter is set or refused. On wider screens (48rem and
 * up) they are always shown and the button is hidden (search-filters.module.css).
 */
export function SearchFilters(
  props: Omit<FieldProps, 'name' | 'label' | 'hint'> & { provinces: { code: string; name: string }[] },
) {
  const t = useTranslations('search');
  const locale = useLocale();
  const id = useId();
  const common = { form: props.form, errors: props.errors, onChange: props.onChange };
  const any = { value: '', label: t('any') };
  const active = FILTERS.filter((f) => props.form[f].trim() !== '').length;
  const refused = FILTERS.some((f) => props.errors?.[f]?.length);
  const [chosen, setOpen] = useState(active > 0);
  // A refused filter is never left folded away, where its message could not be read.
  const open = chosen || refused;
  return (
    <div className={styles.disclosure}>
      <button
        type="button"
        className={styles.toggle}
        aria-expanded={open}
        aria-controls={`${id}-filters`}
        onClick={() => setOpen(!open)}
      >
        {t('filtersButton', { active: active ? localDigits(active, locale) : 'none' })}
      </button>
      <fieldset className={`filters ${styles.body}`} id={`${id}-filters`} hidden={!open}>
        <legend>{t('filters')}</legend>
        <PlaceFilter {...common} provinces={props.provinces} />
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
    </div>
  );
}

export { Labelled };
