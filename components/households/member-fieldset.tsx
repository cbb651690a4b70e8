'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useFormContext, useWatch } from 'react-hook-form';
import { CheckboxField, SelectField, TextField } from '@/components/form/fields';
import { MARITAL_STATUSES, RELATIONSHIPS, SEXES, WG_DOMAINS, WG_LEVELS } from '@/lib/households/values';
import type { EnrolmentInput } from '@/lib/households/schemas';
import { localDigits } from '@/lib/i18n/format';

/** One member of the enrolment form's field array. */
export function MemberFieldset({ index, onRemove }: { index: number; onRemove?: () => void }) {
  const t = useTranslations('enrol');
  const locale = useLocale();
  const s = useTranslations('sexes');
  const r = useTranslations('relationships');
  const m = useTranslations('maritalStatuses');
  const d = useTranslations('wgDomains');
  const l = useTranslations('wgLevels');
  const { control } = useFormContext<EnrolmentInput>();
  const estimated = useWatch({ control, name: `members.${index}.birthEstimated` });
  const p = `members.${index}` as const;
  const levelOptions = WG_LEVELS.map((v) => ({ value: v, label: l(v) }));
  return (
    <fieldset className="member">
      <legend>{t('member', { number: localDigits(index + 1, locale) })}</legend>
      <div className="grid">
        <TextField<EnrolmentInput> name={`${p}.surnameKm`} label={t('surnameKm')} required />
        <TextField<EnrolmentInput> name={`${p}.givenNameKm`} label={t('givenNameKm')} required />
        <TextField<EnrolmentInput> name={`${p}.surnameLatin`} label={t('surnameLatin')} />
        <TextField<EnrolmentInput> name={`${p}.givenNameLatin`} label={t('givenNameLatin')} />
        <SelectField<EnrolmentInput>
          name={`${p}.sex`}
          label={t('sex')}
          required
          placeholder={t('choose')}
          options={SEXES.map((v) => ({ value: v, label: s(v) }))}
        />
        <SelectField<EnrolmentInput>
          name={`${p}.relationship`}
          label={t('relationship')}
          required
          options={RELATIONSHIPS.map((v) => ({ value: v, label: r(v) }))}
        />
        {estimated ? (
          <TextField<EnrolmentInput> name={`${p}.birthYear`} label={t('birthYear')} required />
        ) : (
          <TextField<EnrolmentInput> name={`${p}.birthDate`} label={t('birthDate')} type="date" required />
        )}
        <CheckboxField<EnrolmentInput> name={`${p}.birthEstimated`} label={t('birthEstimated')} />
        <TextField<EnrolmentInput> name={`${p}.khmerId`} label={t('khmerId')} hint={t('khmerIdHint')} />
        <TextField<EnrolmentInput> name={`${p}.birthCertificateNo`} label={t('birthCertificateNo')} />
        <TextField<EnrolmentInput> name={`${p}.phone`} label={t('phone')} hint={t('phoneHint')} />
        <SelectField<EnrolmentInput>
          name={`${p}.maritalStatus`}
          label={t('maritalStatus')}
          placeholder={t('choose')}
          options={MARITAL_STATUSES.map((v) => ({ value: v, label: m(v) }))}
        />
      </div>
      <CheckboxField<EnrolmentInput> name={`${p}.chronicIllness`} label={t('chronicIllness')} />
      <details>
        <summary>{t('disability')}</summary>
        <div className="grid">
          {WG_DOMAINS.map((domain) => (
            <SelectField<EnrolmentInput>
              key={domain}
              name={`${p}.disability.${domain}`}
              label={d(domain)}
              options={levelOptions}
            />
          ))}
        </div>
      </details>
      {onRemove && (
        <button type="button" className="danger" onClick={onRemove}>
          {t('removeMember', { number: localDigits(index + 1, locale) })}
        </button>
      )}
    </fieldset>
  );
}
