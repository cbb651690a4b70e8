'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { completeSetupAction } from '@/app/(public)/setup/actions';
import { setupSchema } from '@/lib/users/schemas';
import { FormError, TextField } from './form/fields';
import { useActionForm } from './form/use-action-form';

export function SetupForm({ token }: { token: string }) {
  const t = useTranslations('setup');
  const f = useTranslations('fields');
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm(
    setupSchema,
    { token, email: '', name: '', password: '', confirmPassword: '' },
    completeSetupAction,
    () => setDone(true),
  );
  if (done)
    return (
      <p className="form-ok" role="status">
        {t('done')} <a href="/signin">{t('goToSignIn')}</a>
      </p>
    );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" {...form.register('token')} />
        <TextField name="name" label={f('name')} autoComplete="name" required />
        <TextField name="email" label={f('email')} type="email" autoComplete="username" required />
        <TextField
          name="password"
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
        <FormError messageKey={formError ?? (form.formState.errors.token?.message as string | undefined) ?? null} />
        <button type="submit" disabled={pending}>
          {t('submit')}
        </button>
      </form>
    </FormProvider>
  );
}
