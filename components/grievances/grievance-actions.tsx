'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { FormProvider, useWatch } from 'react-hook-form';
import {
  assignGrievanceAction,
  commentGrievanceAction,
  moveGrievanceAction,
  reopenGrievanceAction,
} from '@/app/(app)/grievances/[id]/actions';
import { FormError, SelectField, TextAreaField } from '@/components/form/fields';
import {
  assignGrievanceSchema,
  commentGrievanceSchema,
  moveGrievanceSchema,
  reopenGrievanceSchema,
} from '@/lib/grievances/schemas';
import type { GrievanceStatus } from '@/lib/grievances/values';
import { useRawForm } from './use-raw-form';

interface Props {
  grievanceId: string;
  version: number;
  status: GrievanceStatus;
  assignedTo: string | null;
  officers: { id: string; name: string }[];
  /** The statuses this one may move to (lib/grievances/workflow.ts NEXT_STATUS). */
  next: readonly GrievanceStatus[];
  canReopen: boolean;
}

/** The handling actions a grievance officer or administrator may take on the grievance now. */
export function GrievanceActions(p: Props) {
  const t = useTranslations('grievances');
  return (
    <section className="card stack" aria-labelledby="g-actions">
      <h2 id="g-actions">{t('detail.actions')}</h2>
      {p.status !== 'closed' && <AssignForm {...p} />}
      {p.next.length > 0 && <MoveForm {...p} />}
      {p.canReopen && <ReopenForm {...p} />}
      <CommentForm grievanceId={p.grievanceId} />
    </section>
  );
}

function useDone() {
  const router = useRouter();
  return () => router.refresh();
}

function AssignForm({ grievanceId, version, assignedTo, officers }: Props) {
  const t = useTranslations('grievances.actions');
  const done = useDone();
  const { form, onSubmit, formError, pending } = useRawForm(
    assignGrievanceSchema,
    { grievanceId, version, assigneeId: assignedTo ?? '' },
    assignGrievanceAction,
    done,
  );
  return (
    <FormProvider {...form}>
      <form method="post" noValidate onSubmit={onSubmit} aria-label={t('assign')}>
        <SelectField
          name="assigneeId"
          label={t('assignTo')}
          placeholder={t('chooseOfficer')}
          options={officers.map((o) => ({ value: o.id, label: o.name }))}
        />
        <FormError messageKey={formError} />
        <button type="submit" disabled={pending}>
          {pending ? t('saving') : t('assign')}
        </button>
      </form>
    </FormProvider>
  );
}

function MoveForm({ grievanceId, version, next }: Props) {
  const t = useTranslations('grievances.actions');
  const f = useTranslations('grievances.fields');
  const done = useDone();
  const { form, onSubmit, formError, pending } = useRawForm(
    moveGrievanceSchema,
    { grievanceId, version, to: next[0] as 'in_review', resolution: '' },
    moveGrievanceAction,
    done,
  );
  const to = useWatch({ control: form.control, name: 'to' });
  return (
    <FormProvider {...form}>
      <form method="post" noValidate onSubmit={onSubmit} aria-label={t('move')}>
        <SelectField
          name="to"
          label={t('to')}
          options={next.map((s) => ({ value: s, label: t(`moveTo.${s as 'closed'}`) }))}
        />
        {(to === 'resolved' || to === 'rejected') && (
          <TextAreaField name="resolution" label={f('resolution')} hint={t('resolutionHint')} />
        )}
        <FormError messageKey={formError} />
        <button type="submit" disabled={pending}>
          {pending ? t('saving') : t('move')}
        </button>
      </form>
    </FormProvider>
  );
}

function ReopenForm({ grievanceId, version }: Props) {
  const t = useTranslations('grievances.actions');
  const done = useDone();
  const { form, onSubmit, formError, pending } = useRawForm(
    reopenGrievanceSchema,
    { grievanceId, version, reason: '' },
    reopenGrievanceAction,
    done,
  );
  return (
    <FormProvider {...form}>
      <form method="post" noValidate onSubmit={onSubmit} aria-label={t('reopen')}>
        <TextAreaField name="reason" label={t('reopenReason')} hint={t('reopenHint')} />
        <FormError messageKey={formError} />
        <button type="submit" disabled={pending}>
          {pending ? t('saving') : t('reopen')}
        </button>
      </form>
    </FormProvider>
  );
}

function CommentForm({ grievanceId }: { grievanceId: string }) {
  const t = useTranslations('grievances.actions');
  const router = useRouter();
  const { form, onSubmit, formError, pending } = useRawForm(
    commentGrievanceSchema,
    { grievanceId, body: '' },
    commentGrievanceAction,
    (_data, reset) => {
      reset();
      router.refresh();
    },
  );
  return (
    <FormProvider {...form}>
      <form method="post" noValidate onSubmit={onSubmit} aria-label={t('comment')}>
        <TextAreaField name="body" label={t('comment')} hint={t('commentHint')} />
        <FormError messageKey={formError} />
        <button type="submit" disabled={pending}>
          {pending ? t('saving') : t('addComment')}
        </button>
      </form>
    </FormProvider>
  );
}
