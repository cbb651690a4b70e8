'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import type { z } from 'zod';
import { FormError, SelectField } from '@/components/form/fields';
import { useActionForm } from '@/components/form/use-action-form';
import type { ActionResult } from '@/lib/action';
import { enrolSchema } from '@/lib/programmes/enrolment-schemas';

type EnrolInput = z.input<typeof enrolSchema>;

/** "Enrol in a programme" on the household page (memberId '') and on the member page. */
export function EnrolForm({
  householdId,
  memberId,
  programmes,
  action,
}: {
  householdId: string;
  memberId: string;
  programmes: { id: string; label: string }[];
  action: (input: unknown) => Promise<ActionResult<{ id: string }>>;
}) {
  const t = useTranslations('enrolments.section');
  const router = useRouter();
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm(
    enrolSchema,
    { programmeId: '', householdId, memberId } satisfies EnrolInput,
    action,
    (_d, _v, reset) => {
      reset();
      setDone(true);
      router.refresh();
    },
  );
  if (programmes.length === 0) return <p className="muted">{t('noActive')}</p>;
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit} onChange={() => setDone(false)}>
        <SelectField<EnrolInput>
          name="programmeId"
          label={t('programme')}
          required
          placeholder={t('choose')}
          options={programmes.map((p) => ({ value: p.id, label: p.label }))}
        />
        <FormError messageKey={formError} />
        {done && (
          <p className="form-ok" role="status">
            {t('enrolled')}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {memberId ? t('enrolMember') : t('enrolHousehold')}
        </button>
      </form>
    </FormProvider>
  );
}
