'use client';
import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { emptyCondition } from '@/lib/programmes/rule-form';
import { ConditionEditor, type Kind } from './condition-editor';
import { LiveCount } from './live-count';
import styles from './programmes.module.css';
import { usePathError } from './use-path-error';

/** An amount typed in major units of the programme's currency (the schema turns it into minor units). */
export function AmountField({ path, label }: { path: string; label: string }) {
  const t = useTranslations('programmes.rules');
  const id = useId();
  const { register, control } = useFormContext();
  const currency = useWatch({ control, name: 'currency' }) as string;
  const error = usePathError(path);
  const hint = currency === 'USD' ? t('amountHintUsd') : t('amountHintKhr');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={`${id}-hint`}>
        {hint}
      </span>
      <input
        id={id}
        inputMode="decimal"
        size={14}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        {...register(path)}
      />
      <span className="error" id={`${id}-error`} aria-live="polite">
        {error}
      </span>
    </div>
  );
}

/** Household or member rules: the first whose condition holds gives the amount. */
function AmountRules({ name, kind }: { name: 'rules.household' | 'rules.members'; kind: Kind }) {
  const t = useTranslations('programmes.rules');
  const { control } = useFormContext();
  const { fields, append, remove, move } = useFieldArray({ control, name });
  const noun = kind === 'household' ? 'householdRule' : 'memberRule';
  return (
    <>
      {fields.map((f, i) => (
        <div key={f.id} className={styles.rule}>
          <ConditionEditor path={`${name}.${i}.when`} kind={kind} legend={t(noun, { n: i + 1 })} />
          <AmountField path={`${name}.${i}.amount`} label={t(`${noun}Amount`, { n: i + 1 })} />
          <div className="actions-row">
            {i > 0 && (
              <button type="button" className="secondary" onClick={() => move(i, i - 1)}>
                {t('moveUp', { n: i + 1 })}
              </button>
            )}
            <button type="button" className="secondary" onClick={() => remove(i)}>
              {t('remove', { n: i + 1 })}
            </button>
          </div>
        </div>
      ))}
      <p>
        <button type="button" className="secondary" onClick={() => append({ when: emptyCondition(), amount: '' })}>
          {t(kind === 'household' ? 'addHouseholdRule' : 'addMemberRule')}
        </button>
      </p>
    </>
  );
}

/** The benefit rules of a programme as a structured editor, with the live count of qualifying households. */
export function RulesEditor() {
  const t = useTranslations('programmes.rules');
  return (
    <>
      <section className="card" aria-labelledby="rules-eligibility">
        <h2 id="rules-eligibility">{t('eligibilityTitle')}</h2>
        <p className="muted">{t('eligibilityText')}</p>
        <ConditionEditor path="rules.eligibility" kind="household" legend={t('eligibilityLegend')} />
      </section>
      <section className="card" aria-labelledby="rules-household">
        <h2 id="rules-household">{t('householdTitle')}</h2>
        <p className="muted">{t('householdText')}</p>
        <AmountRules name="rules.household" kind="household" />
      </section>
      <section className="card" aria-labelledby="rules-members">
        <h2 id="rules-members">{t('membersTitle')}</h2>
        <p className="muted">{t('membersText')}</p>
        <AmountRules name="rules.members" kind="member" />
      </section>
      <section className="card" aria-labelledby="rules-cap">
        <h2 id="rules-cap">{t('capTitle')}</h2>
        <AmountField path="rules.cap" label={t('cap')} />
      </section>
      <LiveCount />
    </>
  );
}
