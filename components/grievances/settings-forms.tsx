'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { addHolidayAction, removeHolidayAction, saveCategoryAction } from '@/app/(app)/grievances/settings/actions';
import { CheckboxField, FormError, SelectField, TextField } from '@/components/form/fields';
import { useErrorText } from '@/components/form/error-text';
import { categorySchema, holidaySchema, type CategoryInput, type HolidayInput } from '@/lib/grievances/schemas';
import { useRawForm } from './use-raw-form';

export interface CategoryValues {
  categoryId: string;
  parentId: string;
  code: string;
  nameKm: string;
  nameEn: string;
  slaDays: string;
  sensitive: boolean;
  active: boolean;
}

/** Adds or edits a category or sub-category (names in both languages, service level, sensitivity). */
export function CategoryForm({
  values,
  parents,
  label,
}: {
  values: CategoryValues;
  parents: { value: string; label: string }[];
  label: string;
}) {
  const t = useTranslations('grievances.settings');
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, pending } = useRawForm(
    categorySchema,
    values as CategoryInput,
    saveCategoryAction,
    (_data, reset) => {
      setSaved(true);
      if (!values.categoryId) reset();
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form method="post" noValidate onSubmit={onSubmit} aria-label={label} className="stack">
        <div className="grid">
          <TextField<CategoryInput> name="code" label={t('code')} required />
          <TextField<CategoryInput> name="nameKm" label={t('nameKm')} required />
          <TextField<CategoryInput> name="nameEn" label={t('nameEn')} required />
          <SelectField<CategoryInput>
            name="parentId"
            label={t('parent')}
            placeholder={t('topLevel')}
            options={parents.filter((p) => p.value !== values.categoryId)}
          />
          <TextField<CategoryInput> name="slaDays" label={t('slaDays')} required />
        </div>
        <CheckboxField<CategoryInput> name="sensitive" label={t('sensitive')} />
        <CheckboxField<CategoryInput> name="active" label={t('active')} />
        <FormError messageKey={formError} />
        {saved && <p role="status">{t('saved')}</p>}
        <button type="submit" disabled={pending}>
          {pending ? t('saving') : t('save')}
        </button>
      </form>
    </FormProvider>
  );
}

export function HolidayForm() {
  const t = useTranslations('grievances.settings');
  const router = useRouter();
  const empty: HolidayInput = { day: '', nameKm: '', nameEn: '' };
  const { form, onSubmit, formError, pending } = useRawForm(holidaySchema, empty, addHolidayAction, (_data, reset) => {
    reset();
    router.refresh();
  });
  return (
    <FormProvider {...form}>
      <form method="post" noValidate onSubmit={onSubmit} aria-label={t('addHoliday')} className="stack">
        <div className="grid">
          <TextField<HolidayInput> name="day" type="date" label={t('day')} required />
          <TextField<HolidayInput> name="nameKm" label={t('holidayNameKm')} />
          <TextField<HolidayInput> name="nameEn" label={t('holidayNameEn')} />
        </div>
        <FormError messageKey={formError} />
        <button type="submit" disabled={pending}>
          {pending ? t('saving') : t('addHoliday')}
        </button>
      </form>
    </FormProvider>
  );
}

export function RemoveHolidayButton({ day, label }: { day: string; label: string }) {
  const t = useTranslations('grievances.settings');
  const router = useRouter();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <>
      <button
        type="button"
        aria-label={label}
        disabled={pending}
        onClick={async () => {
          setPending(true);
          const res = await removeHolidayAction({ day }).catch(() => null);
          setPending(false);
          if (res?.ok) router.refresh();
          else setError(res?.messageKey ?? 'NETWORK');
        }}
      >
        {t('remove')}
      </button>
      {error && (
        <span className="error" role="alert">
          {errorText(error)}
        </span>
      )}
    </>
  );
}
