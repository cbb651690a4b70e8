'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { FormProvider } from 'react-hook-form';
import { updateHouseholdAction } from '@/app/(app)/households/[id]/actions';
import { AddressPicker } from '@/components/address/address-picker';
import { FormError, SelectField, TextAreaField, TextField } from '@/components/form/fields';
import type { HouseholdFormValues } from '@/lib/records/form-values';
import { editHouseholdSchema, type EditHouseholdInput } from '@/lib/records/schemas';
import { ConflictPanel } from './conflict-panel';
import { useEditForm } from './use-edit-form';

export function HouseholdEditForm({
  householdId,
  version,
  values,
}: {
  householdId: string;
  version: number;
  values: HouseholdFormValues;
}) {
  const t = useTranslations('enrol');
  const e = useTranslations('records.edit');
  const router = useRouter();
  const { form, onSubmit, formError, pending, conflict, rows, saveMine, takeTheirs } = useEditForm(
    editHouseholdSchema,
    { householdId, version, household: values },
    'household',
    updateHouseholdAction,
    () => {
      router.push(`/households/${householdId}?saved=1`);
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack wide" method="post" noValidate onSubmit={onSubmit}>
        {/* A village retired since enrolment stays selected (shown by its code) until another is chosen. */}
        <AddressPicker name="household.villageCode" required />
        <div className="grid">
          <TextField<EditHouseholdInput> name="household.addressLine" label={t('addressLine')} />
          <TextField<EditHouseholdInput>
            name="household.idpoorNumber"
            label={t('idpoorNumber')}
            hint={t('idpoorNumberHint')}
          />
          <SelectField<EditHouseholdInput>
            name="household.idpoorLevel"
            label={t('idpoorLevel')}
            options={[
              { value: '', label: t('idpoorNone') },
              { value: '1', label: t('idpoorLevel1') },
              { value: '2', label: t('idpoorLevel2') },
            ]}
          />
          <TextField<EditHouseholdInput> name="household.phone" label={t('phone')} hint={t('phoneHint')} />
        </div>
        <TextAreaField<EditHouseholdInput> name="household.notes" label={t('notes')} />
        <FormError messageKey={formError} />
        {conflict && <ConflictPanel rows={rows} pending={pending} onSaveMine={saveMine} onTakeTheirs={takeTheirs} />}
        {!conflict && (
          <button type="submit" disabled={pending}>
            {pending ? e('saving') : e('save')}
          </button>
        )}
      </form>
    </FormProvider>
  );
}
