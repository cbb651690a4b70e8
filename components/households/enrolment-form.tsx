'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { FormProvider, useFieldArray, useForm } from 'react-hook-form';
import { enrolHouseholdAction } from '@/app/(app)/households/new/actions';
import { AddressPicker } from '@/components/address/address-picker';
import { useErrorText } from '@/components/form/error-text';
import { FormError, SelectField, TextAreaField, TextField } from '@/components/form/fields';
import type { EnrolResult } from '@/lib/households/enrol';
import {
  emptyMember,
  enrolmentSchema,
  MAX_MEMBERS,
  type EnrolmentData,
  type EnrolmentInput,
} from '@/lib/households/schemas';
import { DuplicatesPanel } from './duplicates-panel';
import { MemberFieldset } from './member-fieldset';
import { clearDraft, readDraft, useAutosave } from './use-draft';
import { placeFieldErrors } from '@/components/form/place-field-errors';

const EMPTY: EnrolmentInput = {
  household: { villageCode: '', addressLine: '', idpoorNumber: '', idpoorLevel: '', phone: '', notes: '' },
  members: [emptyMember('head')],
  confirmSimilar: false,
  khmerIdOverrideReason: '',
};

type Duplicates = Extract<EnrolResult, { status: 'duplicates' }>;

export function EnrolmentForm({ draftKey }: { draftKey: string }) {
  const t = useTranslations('enrol');
  const errorText = useErrorText();
  const router = useRouter();
  const [draft] = useState(() => readDraft<EnrolmentInput>(draftKey));
  const form = useForm<EnrolmentInput, unknown, EnrolmentData>({
    resolver: zodResolver(enrolmentSchema),
    defaultValues: draft ?? EMPTY,
    mode: 'onTouched',
  });
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'members' });
  const [formError, setFormError] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<Duplicates | null>(null);
  const [pending, setPending] = useState(false);
  // Once saved, autosave stops at once: a debounced save still pending would write the saved
  // household back as a draft, restored on the next enrolment form.
  const [saved, setSaved] = useState(false);
  useAutosave(draftKey, form, !saved);
  // Cleared again after the commit that stopped autosaving (its pending timer is cancelled by then):
  // a debounced save that fired between the save and that commit wrote the household back as a
  // draft, restored into the next enrolment form.
  useEffect(() => {
    if (saved) clearDraft(draftKey);
  }, [saved, draftKey]);

  // The server validates again with the same schema; the raw form values are what it expects.
  async function submit(extra: Partial<EnrolmentInput> = {}) {
    setPending(true);
    setFormError(null);
    try {
      const res = await enrolHouseholdAction({ ...form.getValues(), ...extra });
      if (res.ok && res.data.status === 'saved') {
        setSaved(true);
        clearDraft(draftKey);
        router.push(`/households/${res.data.householdId}`);
        return;
      }
      if (res.ok && res.data.status === 'duplicates') {
        setDuplicates(res.data);
        return;
      }
      if (res.ok) return;
      if (!placeFieldErrors(form, res.fieldErrors)) setFormError(res.messageKey);
    } catch {
      setFormError('NETWORK');
    } finally {
      setPending(false);
    }
  }

  const membersError = form.formState.errors.members?.root?.message ?? form.formState.errors.members?.message;
  return (
    <FormProvider {...form}>
      {draft && (
        <p className="form-ok" role="status">
          {t('draftRestored')}{' '}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              clearDraft(draftKey);
              form.reset(EMPTY);
            }}
          >
            {t('discardDraft')}
          </button>
        </p>
      )}
      <form className="stack wide" method="post" noValidate onSubmit={form.handleSubmit(() => submit())}>
        <fieldset>
          <legend>{t('household')}</legend>
          <AddressPicker name="household.villageCode" required />
          <div className="grid">
            <TextField<EnrolmentInput> name="household.addressLine" label={t('addressLine')} />
            <TextField<EnrolmentInput>
              name="household.idpoorNumber"
              label={t('idpoorNumber')}
              hint={t('idpoorNumberHint')}
            />
            <SelectField<EnrolmentInput>
              name="household.idpoorLevel"
              label={t('idpoorLevel')}
              options={[
                { value: '', label: t('idpoorNone') },
                { value: '1', label: t('idpoorLevel1') },
                { value: '2', label: t('idpoorLevel2') },
              ]}
            />
            <TextField<EnrolmentInput> name="household.phone" label={t('phone')} hint={t('phoneHint')} />
          </div>
          <TextAreaField<EnrolmentInput> name="household.notes" label={t('notes')} />
        </fieldset>
        <h2>{t('members')}</h2>
        {membersError && (
          <p className="form-error" role="alert">
            {errorText(membersError)}
          </p>
        )}
        {fields.map((f, i) => (
          <MemberFieldset key={f.id} index={i} onRemove={fields.length > 1 ? () => remove(i) : undefined} />
        ))}
        {fields.length < MAX_MEMBERS && (
          <button type="button" className="secondary" onClick={() => append(emptyMember('child'))}>
            {t('addMember')}
          </button>
        )}
        <FormError messageKey={formError} />
        {duplicates && (
          <DuplicatesPanel
            {...duplicates}
            pending={pending}
            onConfirm={() => submit({ confirmSimilar: true })}
            onOverride={(reason) => submit({ khmerIdOverrideReason: reason, confirmSimilar: true })}
            onCancel={() => setDuplicates(null)}
          />
        )}
        {!duplicates && (
          <button type="submit" disabled={pending}>
            {pending ? t('saving') : t('save')}
          </button>
        )}
      </form>
    </FormProvider>
  );
}
