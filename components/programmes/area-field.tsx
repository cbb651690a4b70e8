'use client';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { useController, useFormContext } from 'react-hook-form';
import { useDisplayName, useUnits } from '@/components/address/gazetteer-api';
import styles from './programmes.module.css';
import { usePathError } from './use-path-error';

type Level = 'provinces' | 'districts' | 'communes';
const PARENT_DIGITS: Record<Level, number> = { provinces: 0, districts: 2, communes: 4 };

/** A chosen unit by its name in both scripts, loaded from the same cached list the selects use. */
function UnitName({ code, level }: { code: string; level: Level }) {
  const parent = PARENT_DIGITS[level] ? code.slice(0, PARENT_DIGITS[level]) : null;
  const units = useUnits(parent);
  const name = useDisplayName();
  const unit = units.data?.find((u) => u.code === code);
  return <>{unit ? name({ km: unit.nameKm, latin: unit.nameLatin }) : code}</>;
}

function Chosen({ path, level, label }: { path: string; level: Level; label: string }) {
  const t = useTranslations('programmes.condition');
  const { control } = useFormContext();
  const { field } = useController({ control, name: `${path}.${level}` });
  const error = usePathError(`${path}.${level}`);
  const codes = (field.value ?? []) as string[];
  if (codes.length === 0 && !error) return null;
  return (
    <div>
      <span>{label}: </span>
      <ul className={styles.chips}>
        {codes.map((code) => (
          <li key={code}>
            <UnitName code={code} level={level} />{' '}
            <button
              type="button"
              className="secondary"
              aria-label={t('removeArea', { code })}
              onClick={() => field.onChange(codes.filter((c) => c !== code))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {error && <span className="error">{error}</span>}
    </div>
  );
}

/**
 * Provinces, districts and communes of a condition (a household in any of them matches): chosen in
 * cascading selects of the national gazetteer, each level added to its own list.
 */
export function AreaField({ path }: { path: string }) {
  const t = useTranslations('programmes.condition');
  const tg = useTranslations('gazetteer.picker');
  const name = useDisplayName();
  const id = useId();
  const { getValues, setValue } = useFormContext();
  const [province, setProvince] = useState('');
  const [district, setDistrict] = useState('');
  const [commune, setCommune] = useState('');
  const provinces = useUnits(null);
  const districts = useUnits(province);
  const communes = useUnits(district);

  const add = (level: Level, code: string) => {
    const current = (getValues(`${path}.${level}`) ?? []) as string[];
    if (code && !current.includes(code))
      setValue(`${path}.${level}`, [...current, code], { shouldDirty: true, shouldValidate: true });
  };
  const select = (
    key: string,
    label: string,
    value: string,
    onChange: (v: string) => void,
    options: typeof provinces.data,
    disabled: boolean,
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        <option value="">{tg('choose')}</option>
        {options?.map((o) => (
          <option key={o.code} value={o.code}>
            {name({ km: o.nameKm, latin: o.nameLatin })}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset className={styles.area}>
      <legend>{t('area')}</legend>
      <div className="grid">
        {select(
          'p',
          tg('province'),
          province,
          (v) => {
            setProvince(v);
            setDistrict('');
            setCommune('');
          },
          provinces.data,
          false,
        )}
        {select(
          'd',
          tg('district'),
          district,
          (v) => {
            setDistrict(v);
            setCommune('');
          },
          districts.data,
          !province,
        )}
        {select('c', tg('commune'), commune, setCommune, communes.data, !district)}
      </div>
      <div className="actions-row">
        <button type="button" className="secondary" disabled={!province} onClick={() => add('provinces', province)}>
          {t('addProvince')}
        </button>
        <button type="button" className="secondary" disabled={!district} onClick={() => add('districts', district)}>
          {t('addDistrict')}
        </button>
        <button type="button" className="secondary" disabled={!commune} onClick={() => add('communes', commune)}>
          {t('addCommune')}
        </button>
      </div>
      <Chosen path={path} level="provinces" label={t('provinces')} />
      <Chosen path={path} level="districts" label={t('districts')} />
      <Chosen path={path} level="communes" label={t('communes')} />
    </fieldset>
  );
}
