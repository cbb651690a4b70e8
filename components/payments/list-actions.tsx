'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import {
  approveListAction,
  carryUnpaidAction,
  closeListAction,
  regenerateListAction,
  rejectListAction,
  submitListAction,
} from '@/app/(app)/payments/[id]/actions';
import { FormError, TextAreaField } from '@/components/form/fields';
import { useActionForm } from '@/components/form/use-action-form';
import { carryListSchema, listMoveSchema, rejectListSchema } from '@/lib/payments/schemas';

type Move = 'submit' | 'approve' | 'close' | 'regenerate';
const MOVES: Record<Move, (input: unknown) => Promise<{ ok: true; data: unknown } | ActionFailure>> = {
  submit: submitListAction,
  approve: approveListAction,
  close: closeListAction,
  regenerate: regenerateListAction,
};
type ActionFailure = {
  ok: false;
  code: string;
  messageKey: string;
  fieldErrors?: Record<string, string[] | undefined>;
};

/** One button that moves the list on, carrying the version the page was loaded at. */
export function MoveButton({ move, listId, version }: { move: Move; listId: string; version: number }) {
  const t = useTranslations('payments.actions');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(listMoveSchema, { listId, version }, MOVES[move], () =>
    router.refresh(),
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        {move === 'regenerate' && <p className="hint">{t('regenerateHint')}</p>}
        <FormError messageKey={formError} />
        <button type="submit" className={move === 'regenerate' ? 'secondary' : undefined} disabled={pending}>
          {t(move)}
        </button>
      </form>
    </FormProvider>
  );
}

/** The approver returns a submitted list to draft, with the reason the maker will read. */
export function RejectForm({ listId, version }: { listId: string; version: number }) {
  const t = useTranslations('payments.actions');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useActionForm(
    rejectListSchema,
    { listId, version, reason: '' },
    rejectListAction,
    () => router.refresh(),
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        <TextAreaField<{ reason: string }> name="reason" label={t('reason')} required />
        <FormError messageKey={formError} />
        <button type="submit" className="danger" disabled={pending}>
          {t('reject')}
        </button>
      </form>
    </FormProvider>
  );
}

/** Carries the failed lines not yet carried into a new follow-up list, then links it. */
export function CarryButton({ listId, count }: { listId: string; count: number }) {
  const t = useTranslations('payments.actions');
  const router = useRouter();
  const [made, setMade] = useState<{ id: string; code: string } | null>(null);
  const { form, onSubmit, formError, pending } = useActionForm(
    carryListSchema,
    { listId },
    carryUnpaidAction,
    (data) => {
      setMade({ id: data.id, code: data.code });
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form className="stack" method="post" noValidate onSubmit={onSubmit}>
        <FormError messageKey={formError} />
        {made && (
          <p className="form-ok" role="status">
            <Link href={`/payments/${made.id}`}>{t('carried', { code: made.code })}</Link>
          </p>
        )}
        <button type="submit" disabled={pending}>
          {t('carry', { count })}
        </button>
      </form>
    </FormProvider>
  );
}
