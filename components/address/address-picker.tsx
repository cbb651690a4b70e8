'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';
import { useController, useFormContext } from 'react-hook-form';
import { useErrorText } from '@/components/form/error-text';
import styles from './address-picker.module.css';
import { useDisplayName, useUnits, type UnitOption, type VillageMatch } from './gazetteer-api';
import { VillageSearch } from './village-search';

/**
 * AddressPicker: a village of the national gazetteer, chosen through cascading selects
 * (province → district → commune → village) or found by name in Khmer or Latin letters.
 *
 * Props:
 * - `name` (required): the react-hook-form field, any path ("villageCode", "address.village").
 *   It receives the 8-digit village code, and '' while no village is chosen; its error (a key
 *   under `errors.` in the messages, as the form's zod schema gives it) is shown under the picker.
 * - `legend` (optional): the caption of the group; "Address" by default.
 * - `required` (optional): tells assistive technology the village is required; the form's
 *   schema still does the validating.
 *
 * Use it inside a <FormProvider> (components/form) and under the (app) layout, which provides
 * the query cache (components/providers.tsx). Only units that are not retired are offered; a
 * value set beforehand (editing a record) preselects its province, district and commune.
 */
export interface AddressPickerProps {
  name: string;
  legend?: string;
  required?: boolean;
}

type Level = 'province' | 'district' | 'commune' | 'village';
interface Path {
  province: string;
  district: string;
  commune: string;
}

const VILLAGE_CODE = /^[0-9]{8}$/;
const EMPTY: Path = { province: '', district: '', commune: '' };
const pathOf = (village: string): Path => ({
  province: village.slice(0, 2),
  district: village.slice(0, 4),
  commune: village.slice(0, 6),
});

export function AddressPicker({ name, legend, required }: AddressPickerProps) {
  const t = useTranslations('gazetteer.picker');
  const errorText = useErrorText();
  const id = useId();
  const { control } = useFormContext();
  const { field, fieldState } = useController({ name, control });
  const value = typeof field.value === 'string' && VILLAGE_CODE.test(field.value) ? field.value : '';
  // The levels chosen above the village while no village is chosen yet.
  const [partial, setPartial] = useState<Path>(EMPTY);
  const path = value ? pathOf(value) : partial;

  const provinces = useUnits(null);
  const districts = useUnits(path.province);
  const communes = useUnits(path.district);
  const villages = useUnits(path.commune);

  const refs = {
    province: useRef<HTMLSelectElement>(null),
    district: useRef<HTMLSelectElement>(null),
    commune: useRef<HTMLSelectElement>(null),
    village: useRef<HTMLSelectElement>(null),
  };
  // A submit with no village focuses the first select still to be chosen (the village one may be disabled).
  const firstEmpty: Level = !path.province
    ? 'province'
    : !path.district
      ? 'district'
      : !path.commune
        ? 'commune'
        : 'village';
  const { ref: fieldRef } = field;
  useEffect(() => {
    fieldRef({ focus: () => refs[firstEmpty].current?.focus() });
  });

  const choose = (level: Level, code: string) => {
    if (level === 'village') {
      if (code) setPartial(pathOf(code));
      field.onChange(code);
      return;
    }
    const next =
      level === 'province'
        ? { ...EMPTY, province: code }
        : level === 'district'
          ? { ...EMPTY, province: path.province, district: code }
          : { ...path, commune: code };
    setPartial(next);
    if (value) field.onChange('');
  };

  const chooseFound = (v: VillageMatch) => {
    setPartial(pathOf(v.code));
    field.onChange(v.code);
    field.onBlur();
  };

  const error = fieldState.error?.message;
  const errorId = `${id}-error`;
  const notImported = provinces.isSuccess && provinces.data.length === 0;
  const select = (level: Level, query: ReturnType<typeof useUnits>, parentChosen: boolean, selected: string) => (
    <UnitSelect
      id={`${id}-${level}`}
      label={t(level)}
      options={query.data}
      loading={query.isFetching}
      failed={query.isError}
      disabled={!parentChosen}
      value={selected}
      selectRef={refs[level]}
      onChange={(code) => choose(level, code)}
      invalid={level === 'village' && Boolean(error)}
      describedBy={level === 'village' && error ? errorId : undefined}
      required={level === 'village' ? required : undefined}
      onBlur={level === 'village' ? field.onBlur : undefined}
    />
  );

  return (
    <fieldset className={styles.picker} aria-describedby={error ? errorId : undefined}>
      <legend>{legend ?? t('legend')}</legend>
      {notImported ? (
        <p className={styles.wide}>{t('notImported')}</p>
      ) : (
        <>
          {select('province', provinces, true, path.province)}
          {select('district', districts, Boolean(path.province), path.district)}
          {select('commune', communes, Boolean(path.district), path.commune)}
          {select('village', villages, Boolean(path.commune), value)}
          <VillageSearch onChoose={chooseFound} />
        </>
      )}
      <span className={`error ${styles.wide}`} id={errorId} aria-live="polite">
        {error ? errorText(error) : null}
      </span>
    </fieldset>
  );
}

interface UnitSelectProps {
  id: string;
  label: string;
  options: UnitOption[] | undefined;
  loading: boolean;
  failed: boolean;
  disabled: boolean;
  value: string;
  selectRef: React.RefObject<HTMLSelectElement | null>;
  onChange: (code: string) => void;
  onBlur?: () => void;
  invalid: boolean;
  describedBy?: string;
  required?: boolean;
}

function UnitSelect({
  id,
  label,
  options,
  loading,
  failed,
  disabled,
  value,
  selectRef,
  onChange,
  onBlur,
  invalid,
  describedBy,
  required,
}: UnitSelectProps) {
  const t = useTranslations('gazetteer.picker');
  const name = useDisplayName();
  // A value the list does not offer (a unit retired since the record was made) still shows its code.
  const missing = value && options && !options.some((o) => o.code === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        ref={selectRef}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-required={required || undefined}
        aria-busy={loading || undefined}
      >
        <option value="">{loading ? t('loading') : t('choose')}</option>
        {missing && <option value={value}>{value}</option>}
        {options?.map((o) => (
          <option key={o.code} value={o.code}>
            {name({ km: o.nameKm, latin: o.nameLatin })}
          </option>
        ))}
      </select>
      {failed && (
        <span className="error" role="alert">
          {t('loadFailed')}
        </span>
      )}
    </div>
  );
}
