'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { generateListAction } from '@/app/(app)/payments/actions';
import { FormError, SelectField, TextField } from '@/components/form/fields';
import { useActionForm } from '@/components/form/use-action-form';
import { generateListSchema, type GenerateListInput } from '@/lib/payments/schemas';

/** Programme and period; a list that exists already is named and linked instead of made twice. */
export function GenerateListForm({
  programmes,
  programmeId,
}: {
  programmes: { id: string; label: string }[];
  programmeId?: string;
}) {
  const t = useTranslations('payments.new');
  const router = useRouter();
  const [existing, setExisting] = useState<{ id: string; code: string } | null>(null);
  const { form, onSubmit, formError, pending } = useActionForm(
    generateListSchema,
    { programmeId: programmeId ?? '', period: '' },
    generateListAction,
    (data) => {
      if (data.exists) {
        setExisting(data.exists);
        return;
      }
      const c = data.created!;
      router.push(`/payments/${c.id}?zero=${c.leftOutZero}&ineligible=${c.leftOutIneligible}`);
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        <SelectField<GenerateListInput>
          name="programmeId"
          label={t('programme')}
          required
          placeholder={t('choose')}
          options={programmes.map((p) => ({ value: p.id, label: p.label }))}
        />
        <TextField<GenerateListInput> name="period" label={t('period')} hint={t('periodHint')} required />
        <FormError messageKey={formError} />
        {existing && (
          <p className="form-error" role="alert">
            {t('exists', { code: existing.code })}{' '}
            <Link href={`/payments/${existing.id}`}>{t('openExisting', { code: existing.code })}</Link>
          </p>
        )}
        <button type="submit" disabled={pending} onClick={() => setExisting(null)}>
          {pending ? t('submitting') : t('submit')}
        </button>
      </form>
    </FormProvider>
  );
}
