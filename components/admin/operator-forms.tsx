'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import {
  createOperatorAction,
  createOperatorAdminAction,
  setOperatorActiveAction,
  setOperatorRepresentedPartyAction,
} from '@/app/(app)/admin/operators/actions';
import { ActiveToggle } from '@/components/active-toggle';
import { FormError, TextField } from '@/components/form/fields';
import { useActionForm } from '@/components/form/use-action-form';
import { createOperatorAdminSchema, createOperatorSchema, setRepresentedPartySchema } from '@/lib/operators/schemas';

export function CreateOperatorForm() {
  const t = useTranslations('admin.operators');
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const { form, onSubmit, formError, pending } = useActionForm(
    createOperatorSchema,
    { code: '', nameKm: '', nameEn: '' },
    createOperatorAction,
    (_d, v, reset) => {
      setCreated(v.code);
      reset();
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" onSubmit={onSubmit} noValidate>
        <TextField name="code" label={t('code')} hint={t('codeHint')} required />
        <TextField name="nameKm" label={t('nameKm')} required />
        <TextField name="nameEn" label={t('nameEn')} required />
        <FormError messageKey={formError} />
        {created && (
          <p className="form-ok" role="status">
            {t('created', { code: created })}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('create')}
        </button>
      </form>
    </FormProvider>
  );
}

export function OperatorActiveToggle({ operatorId, active }: { operatorId: string; active: boolean }) {
  const t = useTranslations('admin.operators');
  return (
    <ActiveToggle
      active={active}
      labels={{ deactivate: t('deactivate'), reactivate: t('reactivate') }}
      toggle={(next) => setOperatorActiveAction({ operatorId, active: next })}
    />
  );
}

export function CreateOperatorAdminForm({ operatorId }: { operatorId: string }) {
  const t = useTranslations('admin.operators');
  const f = useTranslations('fields');
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const { form, onSubmit, formError, pending } = useActionForm(
    createOperatorAdminSchema,
    { operatorId, email: '', name: '', password: '' },
    createOperatorAdminAction,
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
            {t('adminCreated', { email: created })}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('createAdmin')}
        </button>
      </form>
    </FormProvider>
  );
}

/** The operator's X-Road-Represented-Party on CamDX; empty sends none. */
export function RepresentedPartyForm({ operatorId, value }: { operatorId: string; value: string | null }) {
  const t = useTranslations('admin.operators');
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError, pending } = useActionForm(
    setRepresentedPartySchema,
    { operatorId, camdxRepresentedParty: value ?? '' },
    setOperatorRepresentedPartyAction,
    () => {
      setSaved(true);
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form
        className="stack"
        method="post"
        onSubmit={(e) => {
          setSaved(false);
          void onSubmit(e);
        }}
        noValidate
      >
        <TextField
          name="camdxRepresentedParty"
          label={t('representedParty')}
          hint={t('representedPartyHint')}
          autoComplete="off"
        />
        <FormError messageKey={formError} />
        {saved && (
          <p className="form-ok" role="status">
            {t('representedPartySaved')}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('saveRepresentedParty')}
        </button>
      </form>
    </FormProvider>
  );
}
