'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormProvider, useWatch } from 'react-hook-form';
import { paymentDetailsAction } from '@/app/(app)/programmes/[id]/enrolments/actions';
import { FormError, SelectField, TextField } from '@/components/form/fields';
import { useActionForm } from '@/components/form/use-action-form';
import { PAYMENT_CHANNELS } from '@/lib/payments/values';
import { paymentDetailsEditSchema, type PaymentDetailsEditInput } from '@/lib/programmes/enrolment-schemas';

type In = PaymentDetailsEditInput;

/** Channel and its detail, and who collects: a member of the household or a named proxy. */
export function PaymentDetailsForm({ defaults, members }: { defaults: In; members: { id: string; name: string }[] }) {
  const t = useTranslations('enrolments.payment');
  const c = useTranslations('enrolments.channels');
  const d = useTranslations('enrolments.detail');
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm(
    paymentDetailsEditSchema,
    defaults,
    paymentDetailsAction,
    (data) => {
      // The next save goes over the version this one made.
      form.setValue('version', data.version);
      setSaved(true);
      router.refresh();
    },
  );
  const kind = useWatch({ control: form.control, name: 'recipientKind' });
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit} onChange={() => setSaved(false)}>
        <SelectField<In>
          name="channel"
          label={t('channel')}
          options={[{ value: '', label: c('none') }, ...PAYMENT_CHANNELS.map((v) => ({ value: v, label: c(v) }))]}
        />
        <TextField<In> name="phone" label={t('phone')} hint={t('phoneHint')} />
        <TextField<In> name="account" label={t('account')} />
        <TextField<In> name="paymentPoint" label={t('paymentPoint')} />
        <SelectField<In>
          name="recipientKind"
          label={t('recipientKind')}
          options={[
            { value: 'member', label: t('recipientMember') },
            { value: 'proxy', label: t('recipientProxy') },
          ]}
        />
        {kind === 'member' ? (
          <SelectField<In>
            name="recipientMemberId"
            label={t('recipientMemberId')}
            options={[
              { value: '', label: t('recipientDefault') },
              ...members.map((m) => ({ value: m.id, label: m.name })),
            ]}
          />
        ) : (
          <>
            <TextField<In> name="proxyName" label={t('proxyName')} required />
            <TextField<In> name="proxyRelationship" label={t('proxyRelationship')} required />
            <TextField<In> name="proxyPhone" label={t('proxyPhone')} />
          </>
        )}
        <FormError messageKey={formError} />
        {saved && (
          <p className="form-ok" role="status">
            {d('saved')}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('save')}
        </button>
      </form>
    </FormProvider>
  );
}
