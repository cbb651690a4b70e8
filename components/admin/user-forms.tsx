'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import {
  createUserAction,
  resetUserPasswordAction,
  setUserActiveAction,
  updateUserAction,
} from '@/app/(app)/admin/users/actions';
import { ActiveToggle } from '@/components/active-toggle';
import { CheckboxGroup, FormError, TextField } from '@/components/form/fields';
import { useActionForm } from '@/components/form/use-action-form';
import { ROLES, type Role } from '@/lib/auth/roles';
import { createUserSchema, resetPasswordSchema, updateUserSchema } from '@/lib/users/schemas';

function useRoleOptions() {
  const r = useTranslations('roles');
  return ROLES.map((role) => ({ value: role, label: r(role) }));
}

export function CreateUserForm() {
  const t = useTranslations('admin.users');
  const f = useTranslations('fields');
  const router = useRouter();
  const roleOptions = useRoleOptions();
  const [created, setCreated] = useState<string | null>(null);
  const { form, onSubmit, formError, pending } = useActionForm(
    createUserSchema,
    { email: '', name: '', roles: [], password: '' },
    createUserAction,
    (_d, v, reset) => {
      setCreated(v.email);
      reset();
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" onSubmit={onSubmit} noValidate>
        <TextField name="name" label={f('name')} autoComplete="off" required />
        <TextField name="email" label={f('email')} type="email" autoComplete="off" required />
        <CheckboxGroup name="roles" legend={f('roles')} options={roleOptions} />
        <TextField
          name="password"
          label={f('initialPassword')}
          type="password"
          autoComplete="new-password"
          hint={f('initialPasswordHint')}
          required
        />
        <FormError messageKey={formError} />
        {created && (
          <p className="form-ok" role="status">
            {t('created', { email: created })}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('create')}
        </button>
      </form>
    </FormProvider>
  );
}

export function EditUserForm({ userId, name, roles }: { userId: string; name: string; roles: Role[] }) {
  const t = useTranslations('admin.users');
  const f = useTranslations('fields');
  const router = useRouter();
  const roleOptions = useRoleOptions();
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm(
    updateUserSchema,
    { userId, name, roles },
    updateUserAction,
    () => {
      setSaved(true);
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" onSubmit={onSubmit} noValidate>
        <TextField name="name" label={f('name')} autoComplete="off" required />
        <CheckboxGroup name="roles" legend={f('roles')} options={roleOptions} />
        <FormError messageKey={formError} />
        {saved && (
          <p className="form-ok" role="status">
            {t('saved')}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('save')}
        </button>
      </form>
    </FormProvider>
  );
}

export function ResetPasswordForm({ userId }: { userId: string }) {
  const t = useTranslations('admin.users');
  const f = useTranslations('fields');
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm(
    resetPasswordSchema,
    { userId, password: '' },
    resetUserPasswordAction,
    (_d, _v, reset) => {
      setDone(true);
      reset();
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" onSubmit={onSubmit} noValidate>
        <TextField
          name="password"
          label={f('temporaryPassword')}
          type="password"
          autoComplete="new-password"
          hint={f('initialPasswordHint')}
          required
        />
        <FormError messageKey={formError} />
        {done && (
          <p className="form-ok" role="status">
            {t('passwordReset')}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('resetPassword')}
        </button>
      </form>
    </FormProvider>
  );
}

export function UserActiveToggle({ userId, active }: { userId: string; active: boolean }) {
  const t = useTranslations('admin.users');
  return (
    <ActiveToggle
      active={active}
      labels={{ deactivate: t('deactivate'), reactivate: t('reactivate') }}
      toggle={(next) => setUserActiveAction({ userId, active: next })}
    />
  );
}
