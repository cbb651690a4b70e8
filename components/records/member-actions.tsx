'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { FormProvider } from 'react-hook-form';
import type { z } from 'zod';
import { moveMemberAction, recordDeathAction, recordExitAction } from '@/app/(app)/members/[id]/actions';
import { FormError, SelectField, TextAreaField, TextField } from '@/components/form/fields';
import { useActionForm } from '@/components/form/use-action-form';
import { ConfirmStep } from '@/components/ui/confirm-step';
import { moveMemberSchema, NON_HEAD_RELATIONSHIPS, recordDeathSchema, recordExitSchema } from '@/lib/records/schemas';

// The member page's life events. Each is one server action (one transaction, audited); on success
// the page is re-read from the server, which shows the new household or status.

type MoveInput = z.input<typeof moveMemberSchema>;
type DeathInput = z.input<typeof recordDeathSchema>;
type ExitInput = z.input<typeof recordExitSchema>;

export function MoveMemberForm({ memberId }: { memberId: string }) {
  const t = useTranslations('records.move');
  const e = useTranslations('enrol');
  const r = useTranslations('relationships');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    moveMemberSchema,
    { memberId, householdCode: '', relationship: '' as MoveInput['relationship'] },
    moveMemberAction,
    (_d, _v, reset) => {
      reset();
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        <TextField<MoveInput> name="householdCode" label={t('householdCode')} hint={t('householdCodeHint')} required />
        <SelectField<MoveInput>
          name="relationship"
          label={t('relationship')}
          required
          placeholder={e('choose')}
          options={NON_HEAD_RELATIONSHIPS.map((v) => ({ value: v, label: r(v) }))}
        />
        <FormError messageKey={formError} />
        <button type="submit" disabled={pending}>
          {t('submit')}
        </button>
      </form>
    </FormProvider>
  );
}

export function RecordDeathForm({ memberId }: { memberId: string }) {
  const t = useTranslations('records.death');
  const u = useTranslations('ui.confirm');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    recordDeathSchema,
    { memberId, deathDate: '' } satisfies DeathInput,
    recordDeathAction,
    () => router.refresh(),
  );
  return (
    <FormProvider {...form}>
      <ConfirmStep open={u('death')} cancel={u('cancel')}>
        <form className="stack" method="post" noValidate onSubmit={onSubmit}>
          <TextField<DeathInput> name="deathDate" label={t('date')} type="date" required />
          <FormError messageKey={formError} />
          <button type="submit" className="danger" disabled={pending}>
            {t('submit')}
          </button>
        </form>
      </ConfirmStep>
    </FormProvider>
  );
}

export function RecordExitForm({ memberId }: { memberId: string }) {
  const t = useTranslations('records.exit');
  const u = useTranslations('ui.confirm');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    recordExitSchema,
    { memberId, exitDate: '', reason: '' } satisfies ExitInput,
    recordExitAction,
    () => router.refresh(),
  );
  return (
    <FormProvider {...form}>
      <ConfirmStep open={u('exit')} cancel={u('cancel')}>
        <form className="stack" method="post" noValidate onSubmit={onSubmit}>
          <TextField<ExitInput> name="exitDate" label={t('date')} type="date" required />
          <TextAreaField<ExitInput> name="reason" label={t('reason')} required />
          <FormError messageKey={formError} />
          <button type="submit" className="danger" disabled={pending}>
            {t('submit')}
          </button>
        </form>
      </ConfirmStep>
    </FormProvider>
  );
}
