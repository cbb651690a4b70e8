'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { FormProvider, useForm, useFormContext, useWatch, type Resolver } from 'react-hook-form';
import { createProgrammeAction, updateProgrammeAction } from '@/app/(app)/programmes/actions';
import { FormError, SelectField, TextAreaField, TextField } from '@/components/form/fields';
import { placeFieldErrors } from '@/components/form/place-field-errors';
import { editProgrammeFormSchema, programmeFormSchema, type ProgrammeFormValues } from '@/lib/programmes/schemas';
import { BENEFIT_TYPES, CURRENCIES, FREQUENCIES } from '@/lib/programmes/values';
import { ProgrammeConflict } from './programme-conflict';
import styles from './programmes.module.css';
import { RulesEditor } from './rules-editor';
import { usePathError } from './use-path-error';

type Values = ProgrammeFormValues & { id?: string; version?: number };
type Conflict = { version: number; current: ProgrammeFormValues };

/** The rules' currency follows the programme's (the schema refuses a mismatch, said at the currency). */
function CurrencySync() {
  const { control, setValue } = useFormContext<Values>();
  const currency = useWatch({ control, name: 'currency' });
  useEffect(() => setValue('rules.currency', currency), [currency, setValue]);
  const error = usePathError('rules.currency');
  return error ? <span className="error">{error}</span> : null;
}

/**
 * Create or edit a programme: its fields and its benefit rules, validated by the one schema the
 * server uses. On any refusal the typed values stay; a save over a newer version shows theirs
 * and lets the user choose, as the household edit form does.
 */
export function ProgrammeForm({ defaults, active }: { defaults: Values; active?: boolean }) {
  const t = useTranslations('programmes.form');
  const router = useRouter();
  const editing = defaults.id !== undefined;
  const form = useForm<Values>({
    resolver: zodResolver(editing ? editProgrammeFormSchema : programmeFormSchema) as unknown as Resolver<Values>,
    defaultValues: defaults,
    // Before the first save the live count lists the rules' errors as they are typed. After it,
    // every change validates the whole form again: an error held on a whole condition ("give at
    // least one condition") would otherwise stay after a field inside it was filled.
    mode: 'onSubmit',
  });
  const { isSubmitted } = form.formState;
  useEffect(() => {
    if (!isSubmitted) return;
    return form.subscribe({ formState: { values: true }, callback: () => void form.trigger() });
  }, [form, isSubmitted]);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    setPending(true);
    setFormError(null);
    try {
      // The raw values: the server parses them with the same schema (amounts in major units).
      const values = form.getValues();
      const res = editing ? await updateProgrammeAction(values) : await createProgrammeAction(values);
      if (res.ok && 'status' in res.data && res.data.status === 'conflict') {
        setConflict({ version: res.data.version, current: res.data.current as ProgrammeFormValues });
        return setFormError('editConflict');
      }
      if (res.ok) {
        router.push(`/programmes/${'id' in res.data ? res.data.id : defaults.id}?saved=1`);
        return router.refresh();
      }
      // A refusal of the record's state (active, closed, code taken) says why above the fields too.
      const placed = placeFieldErrors(form, res.fieldErrors);
      setFormError(placed && res.code === 'INVALID' ? 'INVALID' : res.messageKey);
    } catch {
      setFormError('NETWORK');
    } finally {
      setPending(false);
    }
  }
  const onSubmit = form.handleSubmit(submit, () => setFormError('INVALID'));

  const option = (group: string) => (v: string) => ({ value: v, label: t(`${group}.${v}` as 'benefitType.cash') });
  return (
    <FormProvider {...form}>
      <form className="stack wide" method="post" noValidate onSubmit={onSubmit}>
        {active && <p className="card">{t('activeNote')}</p>}
        <section className="card" aria-labelledby="programme-details">
          <h2 id="programme-details">{t('details')}</h2>
          <div className="grid">
            <TextField<Values> name="code" label={t('code')} hint={t('codeHint')} required />
            <TextField<Values> name="nameKm" label={t('nameKm')} required />
            <TextField<Values> name="nameEn" label={t('nameEn')} required />
            <SelectField<Values>
              name="benefitType"
              label={t('benefitTypeLabel')}
              options={BENEFIT_TYPES.map(option('benefitType'))}
            />
            <div>
              <SelectField<Values>
                name="currency"
                label={t('currencyLabel')}
                options={CURRENCIES.map(option('currency'))}
              />
              <CurrencySync />
            </div>
            <SelectField<Values>
              name="frequency"
              label={t('frequencyLabel')}
              options={FREQUENCIES.map(option('frequency'))}
            />
            <TextField<Values> name="startDate" type="date" label={t('startDate')} required />
            <TextField<Values> name="endDate" type="date" label={t('endDate')} hint={t('endDateHint')} />
          </div>
          <TextAreaField<Values> name="description" label={t('description')} />
        </section>
        {/* An active programme's rules decide its payments: shown, not editable (the server refuses too). */}
        <fieldset disabled={active} className={styles.plain}>
          <legend className={styles.srOnly}>{t('rulesLegend')}</legend>
          <RulesEditor />
        </fieldset>
        <FormError messageKey={formError} />
        {conflict ? (
          <ProgrammeConflict
            conflict={conflict}
            pending={pending}
            onSaveMine={() => {
              form.setValue('version', conflict.version);
              setConflict(null);
              void onSubmit();
            }}
            onTakeTheirs={() => {
              form.reset({ ...conflict.current, id: defaults.id, version: conflict.version });
              setConflict(null);
              setFormError(null);
            }}
          />
        ) : (
          <button type="submit" disabled={pending}>
            {pending ? t('saving') : editing ? t('save') : t('create')}
          </button>
        )}
      </form>
    </FormProvider>
  );
}
