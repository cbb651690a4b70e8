'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type BaseSyntheticEvent } from 'react';
import { FormProvider } from 'react-hook-form';
import type { z } from 'zod';
import { changeHeadAction, deleteHouseholdAction } from '@/app/(app)/households/[id]/actions';
import { deleteMemberAction } from '@/app/(app)/members/[id]/actions';
import { FormError, SelectField, TextAreaField } from '@/components/form/fields';
import { useActionForm } from '@/components/form/use-action-form';
import { ConfirmStep } from '@/components/ui/confirm-step';
import {
  changeHeadSchema,
  deleteHouseholdSchema,
  deleteMemberSchema,
  NON_HEAD_RELATIONSHIPS,
} from '@/lib/records/schemas';

type HeadInput = z.input<typeof changeHeadSchema>;

export function ChangeHeadForm({
  householdId,
  candidates,
}: {
  householdId: string;
  candidates: { id: string; name: string }[];
}) {
  const t = useTranslations('records.head');
  const e = useTranslations('enrol');
  const r = useTranslations('relationships');
  const router = useRouter();
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm(
    changeHeadSchema,
    { householdId, newHeadId: '', formerHeadRelationship: '' as HeadInput['formerHeadRelationship'] },
    changeHeadAction,
    (_d, _v, reset) => {
      reset();
      setDone(true);
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        <SelectField<HeadInput>
          name="newHeadId"
          label={t('newHead')}
          required
          placeholder={e('choose')}
          options={candidates.map((c) => ({ value: c.id, label: c.name }))}
        />
        <SelectField<HeadInput>
          name="formerHeadRelationship"
          label={t('formerRelationship')}
          required
          placeholder={e('choose')}
          options={NON_HEAD_RELATIONSHIPS.map((v) => ({ value: v, label: r(v) }))}
        />
        <FormError messageKey={formError} />
        {done && (
          <p className="form-ok" role="status">
            {t('done')}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('submit')}
        </button>
      </form>
    </FormProvider>
  );
}

/** Deletes a household enrolled by mistake (the server re-checks the 24 hours and who may). */
export function DeleteHouseholdForm({ householdId }: { householdId: string }) {
  const t = useTranslations('records.delete');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    deleteHouseholdSchema,
    { householdId, reason: '' },
    deleteHouseholdAction,
    () => {
      router.replace('/households');
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <DeleteFields
        onSubmit={onSubmit}
        formError={formError}
        pending={pending}
        submit={t('householdSubmit')}
        opener="deleteHousehold"
      />
    </FormProvider>
  );
}

export function DeleteMemberForm({ memberId }: { memberId: string }) {
  const t = useTranslations('records.delete');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    deleteMemberSchema,
    { memberId, reason: '' },
    deleteMemberAction,
    (data) => {
      router.replace(`/households/${data.householdId}`);
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <DeleteFields
        onSubmit={onSubmit}
        formError={formError}
        pending={pending}
        submit={t('memberSubmit')}
        opener="deleteMember"
      />
    </FormProvider>
  );
}

function DeleteFields({
  onSubmit,
  formError,
  pending,
  submit,
  opener,
}: {
  onSubmit: (e?: BaseSyntheticEvent) => Promise<void>;
  formError: string | null;
  pending: boolean;
  submit: string;
  opener: 'deleteHousehold' | 'deleteMember';
}) {
  const t = useTranslations('records.delete');
  const u = useTranslations('ui.confirm');
  return (
    <ConfirmStep open={u(opener)} cancel={u('cancel')}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        <TextAreaField<{ reason: string }> name="reason" label={t('reason')} required />
        <FormError messageKey={formError} />
        <button type="submit" className="danger" disabled={pending}>
          {submit}
        </button>
      </form>
    </ConfirmStep>
  );
}
