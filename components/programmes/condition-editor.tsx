'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useId } from 'react';
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { emptyCondition } from '@/lib/programmes/rule-form';
import { AreaField } from './area-field';
import styles from './programmes.module.css';
import { usePathError } from './use-path-error';

export type Kind = 'household' | 'member';

/** How deep "any of" groups nest: a group inside a rule, and one more inside that. */
const MAX_DEPTH = 2;

function Input({ path, label, inputMode }: { path: string; label: string; inputMode?: 'numeric' | 'decimal' }) {
  const id = useId();
  const { register } = useFormContext();
  const error = usePathError(path);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode={inputMode ?? 'numeric'}
        size={6}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...register(path)}
      />
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error}
      </span>
    </div>
  );
}

function Select({ path, label, options }: { path: string; label: string; options: [string, string][] }) {
  const id = useId();
  const { register } = useFormContext();
  const error = usePathError(path);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...register(path)}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error}
      </span>
    </div>
  );
}

function IdpoorLevels({ path }: { path: string }) {
  const t = useTranslations('programmes.condition');
  const id = useId();
  const { register } = useFormContext();
  const error = usePathError(`${path}.idpoorLevels`);
  const levels: [string, string][] = [
    ['1', t('idpoor1')],
    ['2', t('idpoor2')],
    ['none', t('idpoorNone')],
  ];
  return (
    <fieldset className={styles.inline} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('idpoor')}</legend>
      {levels.map(([value, label]) => (
        <label key={value}>
          <input type="checkbox" value={value} {...register(`${path}.idpoorLevels`)} /> {label}
        </label>
      ))}
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error}
      </span>
    </fieldset>
  );
}

function MemberFields({ path }: { path: string }) {
  const t = useTranslations('programmes.condition');
  return (
    <div className="grid">
      <Input path={`${path}.minAge`} label={t('minAge')} />
      <Input path={`${path}.maxAge`} label={t('maxAge')} />
      <Select
        path={`${path}.sex`}
        label={t('sex')}
        options={[
          ['', t('any')],
          ['F', t('female')],
          ['M', t('male')],
        ]}
      />
      <Select
        path={`${path}.disability`}
        label={t('disability')}
        options={[
          ['', t('any')],
          ['some', t('disabilitySome')],
          ['aLot', t('disabilityALot')],
          ['cannot', t('disabilityCannot')],
        ]}
      />
      <Select
        path={`${path}.chronicIllness`}
        label={t('chronicIllness')}
        options={[
          ['', t('any')],
          ['yes', t('chronicIllnessYes')],
        ]}
      />
    </div>
  );
}

function HouseholdFields({ path }: { path: string }) {
  const t = useTranslations('programmes.condition');
  return (
    <>
      <IdpoorLevels path={path} />
      <div className="grid">
        <Select
          path={`${path}.setting`}
          label={t('setting')}
          options={[
            ['', t('any')],
            ['urban', t('urban')],
            ['rural', t('rural')],
          ]}
        />
        <Input path={`${path}.minHouseholdSize`} label={t('minHouseholdSize')} />
        <Input path={`${path}.maxHouseholdSize`} label={t('maxHouseholdSize')} />
      </div>
      <AreaField path={path} />
    </>
  );
}

function HasMember({ path, depth }: { path: string; depth: number }) {
  const t = useTranslations('programmes.condition');
  const { register, control, getValues, setValue } = useFormContext();
  const on = useWatch({ control, name: `${path}.hasMemberOn` }) as boolean | undefined;
  // A new condition has no member condition yet: it gets an empty one, with every field's default.
  useEffect(() => {
    if (on && !getValues(`${path}.hasMember`)) setValue(`${path}.hasMember`, emptyCondition());
  }, [on, path, getValues, setValue]);
  return (
    <div>
      <label>
        <input type="checkbox" {...register(`${path}.hasMemberOn`)} /> {t('hasMember')}
      </label>
      {on && <ConditionEditor path={`${path}.hasMember`} kind="member" legend={t('hasMemberLegend')} depth={depth} />}
    </div>
  );
}

function AnyOf({ path, kind, depth }: { path: string; kind: Kind; depth: number }) {
  const t = useTranslations('programmes.condition');
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: `${path}.anyOf` });
  return (
    <div className={styles.anyOf}>
      {fields.length > 0 && <p className="muted">{t('anyOfHint')}</p>}
      {fields.map((f, i) => (
        <div key={f.id}>
          <ConditionEditor
            path={`${path}.anyOf.${i}`}
            kind={kind}
            depth={depth + 1}
            legend={t('alternative', { n: i + 1 })}
          />
          <button type="button" className="secondary" onClick={() => remove(i)}>
            {t('removeAlternative', { n: i + 1 })}
          </button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => append(emptyCondition())}>
        {t('addAlternative')}
      </button>
    </div>
  );
}

/**
 * One condition of the rules: every field given must hold; "any of" alternatives add a group of
 * which at least one must hold. A household condition can also ask for a member who matches.
 */
export function ConditionEditor({
  path,
  kind,
  legend,
  depth = 0,
}: {
  path: string;
  kind: Kind;
  legend: string;
  depth?: number;
}) {
  const id = useId();
  // The condition's own error (nothing given, a reversed range) is said at the top of its group.
  const error = usePathError(path);
  return (
    <fieldset className={styles.condition} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error}
      </span>
      {kind === 'member' && <MemberFields path={path} />}
      <HouseholdFields path={path} />
      {kind === 'household' && depth === 0 && <HasMember path={path} depth={depth + 1} />}
      {depth < MAX_DEPTH && <AnyOf path={path} kind={kind} depth={depth} />}
    </fieldset>
  );
}
