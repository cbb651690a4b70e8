'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { FormProvider, useWatch } from 'react-hook-form';
import { updateMemberAction } from '@/app/(app)/members/[id]/actions';
import { CheckboxField, FormError, SelectField, TextField } from '@/components/form/fields';
import { MARITAL_STATUSES, SEXES, WG_DOMAINS, WG_LEVELS } from '@/lib/households/values';
import type { MemberInput } from '@/lib/households/schemas';
import { editMemberSchema, NON_HEAD_RELATIONSHIPS, type EditMemberInput } from '@/lib/records/schemas';
import { ConflictPanel } from './conflict-panel';
import { useEditForm } from './use-edit-form';

type Name = Parameters<typeof TextField<EditMemberInput>>[0]['name'];

/** The enrolment's member fields under `member.`; the head's relationship changes only via "change the head". */
export function MemberEditForm({
  memberId,
  version,
  values,
}: {
  memberId: string;
  version: number;
  values: MemberInput;
}) {
  const t = useTranslations('enrol');
  const e = useTranslations('records.edit');
  const s = useTranslations('sexes');
  const r = useTranslations('relationships');
  const m = useTranslations('maritalStatuses');
  const d = useTranslations('wgDomains');
  const l = useTranslations('wgLevels');
  const router = useRouter();
  const { form, onSubmit, formError, pending, conflict, rows, saveMine, takeTheirs } = useEditForm(
    editMemberSchema,
    { memberId, version, member: values },
    'member',
    updateMemberAction,
    () => {
      router.push(`/members/${memberId}?saved=1`);
      router.refresh();
    },
  );
  const estimated = useWatch({ control: form.control, name: 'member.birthEstimated' });
  const isHead = values.relationship === 'head';
  const relationships = isHead ? ['head' as const] : NON_HEAD_RELATIONSHIPS;
  const field = (name: string) => `member.${name}` as Name;
  return (
    <FormProvider {...form}>
      <form className="stack wide" method="post" noValidate onSubmit={onSubmit}>
        <div className="grid">
          <TextField<EditMemberInput> name={field('surnameKm')} label={t('surnameKm')} required />
          <TextField<EditMemberInput> name={field('givenNameKm')} label={t('givenNameKm')} required />
          <TextField<EditMemberInput> name={field('surnameLatin')} label={t('surnameLatin')} />
          <TextField<EditMemberInput> name={field('givenNameLatin')} label={t('givenNameLatin')} />
          <SelectField<EditMemberInput>
            name={field('sex')}
            label={t('sex')}
            required
            placeholder={t('choose')}
            options={SEXES.map((v) => ({ value: v, label: s(v) }))}
          />
          <SelectField<EditMemberInput>
            name={field('relationship')}
            label={t('relationship')}
            required
            hint={isHead ? e('relationshipHeadHint') : undefined}
            options={relationships.map((v) => ({ value: v, label: r(v) }))}
          />
          {estimated ? (
            <TextField<EditMemberInput> name={field('birthYear')} label={t('birthYear')} required />
          ) : (
            <TextField<EditMemberInput> name={field('birthDate')} label={t('birthDate')} type="date" required />
          )}
          <CheckboxField<EditMemberInput> name={field('birthEstimated')} label={t('birthEstimated')} />
          <TextField<EditMemberInput> name={field('khmerId')} label={t('khmerId')} hint={t('khmerIdHint')} />
          <TextField<EditMemberInput> name={field('birthCertificateNo')} label={t('birthCertificateNo')} />
          <TextField<EditMemberInput> name={field('phone')} label={t('phone')} hint={t('phoneHint')} />
          <SelectField<EditMemberInput>
            name={field('maritalStatus')}
            label={t('maritalStatus')}
            placeholder={t('choose')}
            options={MARITAL_STATUSES.map((v) => ({ value: v, label: m(v) }))}
          />
        </div>
        <CheckboxField<EditMemberInput> name={field('chronicIllness')} label={t('chronicIllness')} />
        <fieldset>
          <legend>{t('disability')}</legend>
          <div className="grid">
            {WG_DOMAINS.map((domain) => (
              <SelectField<EditMemberInput>
                key={domain}
                name={field(`disability.${domain}`)}
                label={d(domain)}
                options={WG_LEVELS.map((v) => ({ value: v, label: l(v) }))}
              />
            ))}
          </div>
        </fieldset>
        <FormError messageKey={formError} />
        {conflict && <ConflictPanel rows={rows} pending={pending} onSaveMine={saveMine} onTakeTheirs={takeTheirs} />}
        {!conflict && (
          <button type="submit" disabled={pending}>
            {pending ? e('saving') : e('save')}
          </button>
        )}
      </form>
    </FormProvider>
  );
}
