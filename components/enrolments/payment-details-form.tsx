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

type Props = { defaults: In; members: { id: string; name: string }[] };

/**
 * Channel and its detail, and who collects: a member of the household or a named proxy. After a
 * save the page is read again; the form starts over at the new version (its key), the message stays.
 */
export function PaymentDetailsForm(props: Props) {
  const d = useTranslations('enrolments.detail');
  const [saved, setSaved] = useState(false);
  return (
    <>
      <DetailsForm key={props.defaults.version} {...props} onSaved={setSaved} />
      {saved && (
        <p className="form-ok" role="status">
          {d('saved')}
        </p>
      )}
    </>
  );
}

function DetailsForm({ defaults, members, onSaved }: Props & { onSaved: (saved: boolean) => void }) {
  const t = useTranslations('enrolments.payment');
  const c = useTranslations('enrolments.channels');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    paymentDetailsEditSchema,
    defaults,
    paymentDetailsAction,
    () => {
      onSaved(true);
      router.refresh();
    },
  );
  const kind = useWatch({ control: form.control, name: 'recipientKind' });
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit} onChange={() => onSaved(false)}>
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
        <button type="submit" disabled={pending}>
          {t('save')}
        </button>
      </form>
    </FormProvider>
  );
}
