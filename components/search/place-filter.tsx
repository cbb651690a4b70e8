'use client';
import { useTranslations } from 'next-intl';
import { useDisplayName, useUnits, type UnitOption } from '@/components/address/gazetteer-api';
import { VillageSearch } from '@/components/address/village-search';
import { Labelled } from './labelled';
import type { Field, FieldErrors, SearchForm } from './use-member-search';

const LEVELS = ['province', 'district', 'commune', 'village'] as const;
type Level = (typeof LEVELS)[number];

/**
 * Where to search, by name: the address picker's cascading selects (province → district → commune →
 * village, from the gazetteer API) and its village search by Khmer or Latin name. Any level may be the
 * last one chosen: the search takes the deepest code. The selects keep the form's field names, so that
 * the plain GET form (before the script runs) still sends codes.
 */
export function PlaceFilter({
  form,
  errors,
  onChange,
  provinces,
}: {
  form: SearchForm;
  errors: FieldErrors | null;
  onChange: (name: Field, value: string) => void;
  provinces: { code: string; name: string }[];
}) {
  const t = useTranslations('gazetteer.picker');
  const s = useTranslations('search');
  const name = useDisplayName();
  const districts = useUnits(form.province);
  const communes = useUnits(form.district);
  const villages = useUnits(form.commune);
  const parents: Record<Level, string> = {
    province: 'x',
    district: form.province,
    commune: form.district,
    village: form.commune,
  };

  // Choosing a level clears the levels under it; the previous choice there belongs to another place.
  const choose = (level: Level, code: string) => {
    onChange(level, code);
    for (const below of LEVELS.slice(LEVELS.indexOf(level) + 1)) onChange(below, '');
  };

  const select = (level: Level, options: { code: string; label: string }[] | undefined, loading = false) => (
    <Labelled name={level} label={t(level)} errors={errors}>
      {(a11y) => (
        <select
          {...a11y}
          name={level}
          value={form[level]}
          disabled={!parents[level]}
          aria-busy={loading || undefined}
          onChange={(e) => choose(level, e.target.value)}
        >
          <option value="">{loading ? t('loading') : level === 'province' ? s('anyProvince') : s('any')}</option>
          {/* A code from the address bar that the list does not (yet) hold still shows. */}
          {form[level] && !options?.some((o) => o.code === form[level]) && (
            <option value={form[level]}>{form[level]}</option>
          )}
          {options?.map((o) => (
            <option key={o.code} value={o.code}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
  const named = (units: UnitOption[] | undefined) =>
    units?.map((u) => ({ code: u.code, label: name({ km: u.nameKm, latin: u.nameLatin }) }));

  return (
    <>
      {select(
        'province',
        provinces.map((p) => ({ code: p.code, label: p.name })),
      )}
      {select('district', named(districts.data), districts.isFetching)}
      {select('commune', named(communes.data), communes.isFetching)}
      {select('village', named(villages.data), villages.isFetching)}
      <VillageSearch
        onChoose={(v) => {
          onChange('province', v.code.slice(0, 2));
          onChange('district', v.code.slice(0, 4));
          onChange('commune', v.code.slice(0, 6));
          onChange('village', v.code);
        }}
      />
    </>
  );
}
