'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { changePasswordAction } from '@/app/(app)/account/actions';
import { changePasswordSchema } from '@/lib/users/schemas';
import { FormError, TextField } from './form/fields';
import { useActionForm } from './form/use-action-form';

export function ChangePasswordForm({ redirectTo }: { redirectTo?: string }) {
  const t = useTranslations('account');
  const f = useTranslations('fields');
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm(
    changePasswordSchema,
    { currentPassword: '', newPassword: '', confirmPassword: '' },
    changePasswordAction,
    (_d, _v, reset) => {
      reset();
      setSaved(true);
      if (redirectTo) {
        router.replace(redirectTo);
        router.refresh();
      }
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" onSubmit={onSubmit} noValidate>
        <TextField
          name="currentPassword"
          label={f('currentPassword')}
          type="password"
          autoComplete="current-password"
          required
        />
        <TextField
          name="newPassword"
          label={f('newPassword')}
          type="password"
          autoComplete="new-password"
          hint={f('passwordHint')}
          required
        />
        <TextField
          name="confirmPassword"
          label={f('confirmPassword')}
          type="password"
          autoComplete="new-password"
          required
        />
        <FormError messageKey={formError} />
        {saved && (
          <p className="form-ok" role="status">
            {t('passwordChanged')}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('changePassword')}
        </button>
      </form>
    </FormProvider>
  );
}
