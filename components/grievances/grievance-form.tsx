'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useEffect, useId, useState } from 'react';
import { FormProvider, useFormContext, useWatch } from 'react-hook-form';
import {
  createGrievanceAction,
  findComplainantsAction,
  memberPaymentLinesAction,
} from '@/app/(app)/grievances/new/actions';
import { FormError, SelectField, TextAreaField, TextField } from '@/components/form/fields';
import { useErrorText } from '@/components/form/error-text';
import { createGrievanceSchema, emptyGrievance, type CreateGrievanceInput } from '@/lib/grievances/schemas';
import { COMPLAINANT_KINDS, GRIEVANCE_CHANNELS, GRIEVANCE_PRIORITIES } from '@/lib/grievances/values';
import { useRawForm } from './use-raw-form';

export interface CategoryChoice {
  id: string;
  parentId: string | null;
  name: string;
}

interface Complainant {
  memberId: string;
  nameKm: string;
  nameLatin: string | null;
  householdCode: string;
  khmerIdMasked: string | null;
}

interface LineChoice {
  id: string;
  label: string;
}

/** Staff intake: channel, complainant (member / named / anonymous), category, priority, description, payment. */
export function GrievanceForm({ categories, canOpen }: { categories: CategoryChoice[]; canOpen: boolean }) {
  const t = useTranslations('grievances');
  const [saved, setSaved] = useState<{ id: string; code: string; dueOn: string } | null>(null);
  const { form, onSubmit, formError, pending } = useRawForm(
    createGrievanceSchema,
    emptyGrievance,
    createGrievanceAction,
    (data) => setSaved(data),
  );
  const kind = useWatch({ control: form.control, name: 'complainantKind' });
  const categoryId = useWatch({ control: form.control, name: 'categoryId' });
  const memberId = useWatch({ control: form.control, name: 'memberId' });

  // Anonymous: the identifying fields are emptied, so the form never sends them.
  useEffect(() => {
    if (kind === 'anonymous') {
      form.setValue('complainantName', '');
      form.setValue('contactPhone', '');
    }
    if (kind !== 'member') {
      form.setValue('memberId', '');
      form.setValue('paymentLineId', '');
    }
  }, [kind, form]);

  const subs = categories.filter((c) => c.parentId && c.parentId === categoryId);
  useEffect(() => {
    form.setValue('subcategoryId', '');
  }, [categoryId, form]);

  if (saved) {
    return (
      <div className="card" role="status">
        <p>{t('form.saved', { code: saved.code })}</p>
        <p>
          <strong>{saved.code}</strong>
        </p>
        <p>
          {canOpen && <Link href={`/grievances/${saved.id}`}>{t('form.open')}</Link>}{' '}
          <button
            type="button"
            onClick={() => {
              form.reset(emptyGrievance);
              setSaved(null);
            }}
          >
            {t('form.another')}
          </button>
        </p>
      </div>
    );
  }

  return (
    <FormProvider {...form}>
      <form className="stack wide" method="post" noValidate onSubmit={onSubmit}>
        <div className="grid">
          <SelectField<CreateGrievanceInput>
            name="channel"
            label={t('fields.channel')}
            required
            options={GRIEVANCE_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          />
          <SelectField<CreateGrievanceInput>
            name="complainantKind"
            label={t('fields.complainantKind')}
            required
            options={COMPLAINANT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          />
        </div>
        {kind === 'anonymous' && <p className="hint">{t('form.anonymousHint')}</p>}
        {kind === 'member' && (
          <MemberPicker
            chosen={memberId || ''}
            onChoose={(id) => {
              form.setValue('memberId', id, { shouldValidate: true });
              form.setValue('paymentLineId', '');
            }}
          />
        )}
        {kind !== 'anonymous' && (
          <div className="grid">
            {kind === 'non_member' && (
              <TextField<CreateGrievanceInput> name="complainantName" label={t('fields.complainantName')} required />
            )}
            <TextField<CreateGrievanceInput>
              name="contactPhone"
              label={t('fields.contactPhone')}
              hint={t('fields.contactPhoneHint')}
            />
          </div>
        )}
        <div className="grid">
          <SelectField<CreateGrievanceInput>
            name="categoryId"
            label={t('fields.category')}
            required
            placeholder={t('form.chooseCategory')}
            options={categories.filter((c) => !c.parentId).map((c) => ({ value: c.id, label: c.name }))}
          />
          {subs.length > 0 && (
            <SelectField<CreateGrievanceInput>
              name="subcategoryId"
              label={t('fields.subcategory')}
              placeholder={t('form.noSubcategory')}
              options={subs.map((c) => ({ value: c.id, label: c.name }))}
            />
          )}
          <SelectField<CreateGrievanceInput>
            name="priority"
            label={t('fields.priority')}
            options={GRIEVANCE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
          />
        </div>
        {kind === 'member' && memberId && <PaymentLineSelect memberId={memberId} />}
        <TextAreaField<CreateGrievanceInput>
          name="description"
          label={t('fields.description')}
          hint={t('fields.descriptionHint')}
          required
        />
        <FormError messageKey={formError} />
        <button type="submit" disabled={pending}>
          {pending ? t('form.saving') : t('form.save')}
        </button>
      </form>
    </FormProvider>
  );
}

/** Find a member of the operator (the register's search) and choose one. */
function MemberPicker({ chosen, onChoose }: { chosen: string; onChoose: (memberId: string) => void }) {
  const t = useTranslations('grievances');
  const errorText = useErrorText();
  const id = useId();
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [hits, setHits] = useState<Complainant[] | null>(null);
  const [picked, setPicked] = useState<Complainant | null>(null);
  const { getFieldState, formState } = useFormContext<CreateGrievanceInput>();
  const error = getFieldState('memberId', formState).error?.message;

  async function search() {
    if (!q.trim()) return;
    setBusy(true);
    const res = await findComplainantsAction({ q }).catch(() => null);
    setBusy(false);
    setHits(res?.ok ? res.data : []);
  }

  if (chosen && picked) {
    return (
      <p>
        {t('form.chosen', {
          name: `${picked.nameKm}${picked.nameLatin ? ` / ${picked.nameLatin}` : ''}`,
          household: picked.householdCode,
        })}{' '}
        <button
          type="button"
          onClick={() => {
            setPicked(null);
            onChoose('');
          }}
        >
          {t('form.change')}
        </button>
      </p>
    );
  }
  return (
    <fieldset>
      <legend>{t('fields.member')}</legend>
      <div className="field">
        <label htmlFor={id}>{t('form.searchMember')}</label>
        <span className="hint" id={`${id}-hint`}>
          {t('form.searchMemberHint')}
        </span>
        <input
          id={id}
          value={q}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
        />
        <span className="error" id={`${id}-error`} aria-live="polite">
          {error ? errorText(error) : null}
        </span>
      </div>
      <button type="button" onClick={() => void search()} disabled={busy}>
        {busy ? t('form.searching') : t('form.search')}
      </button>
      {hits && hits.length === 0 && <p className="muted">{t('form.noMembers')}</p>}
      {hits && hits.length > 0 && (
        <ul className="stack">
          {hits.map((m) => (
            <li key={m.memberId}>
              {m.nameKm}
              {m.nameLatin ? ` / ${m.nameLatin}` : ''} — {m.householdCode}
              {m.khmerIdMasked ? ` — ${m.khmerIdMasked}` : ''}{' '}
              <button
                type="button"
                aria-label={`${t('form.choose')} ${m.nameKm}${m.nameLatin ? ` / ${m.nameLatin}` : ''}`}
                onClick={() => {
                  setPicked(m);
                  onChoose(m.memberId);
                }}
              >
                {t('form.choose')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** The chosen member's (and household's) payment lines. */
function PaymentLineSelect({ memberId }: { memberId: string }) {
  const t = useTranslations('grievances');
  const [lines, setLines] = useState<LineChoice[]>([]);
  useEffect(() => {
    let live = true;
    void memberPaymentLinesAction({ memberId }).then((res) => {
      if (live && res.ok)
        setLines(
          res.data.map((l) => ({
            id: l.id,
            label: `${l.lineRef} — ${l.period} — ${l.amountText} — ${l.status}`,
          })),
        );
    });
    return () => {
      live = false;
    };
  }, [memberId]);
  if (lines.length === 0) return null;
  return (
    <SelectField<CreateGrievanceInput>
      name="paymentLineId"
      label={t('fields.paymentLine')}
      placeholder={t('form.noPaymentLine')}
      options={lines.map((l) => ({ value: l.id, label: l.label }))}
    />
  );
}
