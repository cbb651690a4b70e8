'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { FormProvider } from 'react-hook-form';
import {
  endEnrolmentAction,
  reactivateEnrolmentAction,
  suspendEnrolmentAction,
} from '@/app/(app)/programmes/[id]/enrolments/actions';
import { FormError, SelectField, TextAreaField, TextField } from '@/components/form/fields';
import { useActionForm } from '@/components/form/use-action-form';
import {
  endEnrolmentSchema,
  enrolmentToday,
  reactivateSchema,
  suspendSchema,
  type EndEnrolmentInput,
  type SuspendInput,
} from '@/lib/programmes/enrolment-schemas';

// An enrolment's state moves, each one server action at the version the page was loaded at; on
// success the page is read again (a stale version answers "changed by someone else").

type Ref = { enrolmentId: string; version: number };

export function SuspendForm({ enrolmentId, version }: Ref) {
  const t = useTranslations('enrolments.detail');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    suspendSchema,
    { enrolmentId, version, reason: '', date: enrolmentToday() } satisfies SuspendInput,
    suspendEnrolmentAction,
    () => router.refresh(),
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        <TextAreaField<SuspendInput> name="reason" label={t('reason')} required />
        <TextField<SuspendInput> name="date" label={t('date')} type="date" required />
        <FormError messageKey={formError} />
        <button type="submit" disabled={pending}>
          {t('suspend')}
        </button>
      </form>
    </FormProvider>
  );
}

export function ReactivateForm({ enrolmentId, version }: Ref) {
  const t = useTranslations('enrolments.detail');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    reactivateSchema,
    { enrolmentId, version },
    reactivateEnrolmentAction,
    () => router.refresh(),
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        <FormError messageKey={formError} />
        <button type="submit" disabled={pending}>
          {t('reactivate')}
        </button>
      </form>
    </FormProvider>
  );
}

export function EndForm({ enrolmentId, version }: Ref) {
  const t = useTranslations('enrolments.detail');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    endEnrolmentSchema,
    {
      enrolmentId,
      version,
      outcome: '' as EndEnrolmentInput['outcome'],
      reason: '',
      date: enrolmentToday(),
    },
    endEnrolmentAction,
    () => router.refresh(),
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        <SelectField<EndEnrolmentInput>
          name="outcome"
          label={t('outcome')}
          required
          placeholder=""
          options={[
            { value: 'exited', label: t('exited') },
            { value: 'graduated', label: t('graduated') },
          ]}
        />
        <TextAreaField<EndEnrolmentInput> name="reason" label={t('reason')} required />
        <TextField<EndEnrolmentInput> name="date" label={t('date')} type="date" required />
        <FormError messageKey={formError} />
        <button type="submit" className="danger" disabled={pending}>
          {t('end')}
        </button>
      </form>
    </FormProvider>
  );
}
