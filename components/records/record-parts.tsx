import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getAppFormatter } from '@/lib/i18n/server-format';
import { TableScroll } from '@/components/ui/table-scroll';
import { UNIT_LEVELS } from '@/lib/gazetteer/levels';
import { ageOn, unitName } from '@/lib/records/display';
import type { AddressUnit, MemberView } from '@/lib/records/read';

// Server-rendered pieces shared by the household and member pages.

/** Village up to province, each named in the reader's language; retired units stay, marked. */
export async function AddressTerms({ villageCode, units }: { villageCode: string; units: AddressUnit[] }) {
  const t = await getTranslations('records');
  const locale = await getLocale();
  return [...UNIT_LEVELS].reverse().map((level) => {
    const code = villageCode.slice(0, { province: 2, district: 4, commune: 6, village: 8 }[level]);
    const unit = units.find((u) => u.level === level);
    return (
      <div key={level}>
        <dt>{t(`levels.${level}`)}</dt>
        <dd>
          {unit ? <span>{unitName(unit, locale)}</span> : <span className="muted">{t('unknownUnit')}</span>}{' '}
          <span className="muted">({code})</span>
          {unit?.retired && (
            <>
              {' '}
              <span className="badge off">{t('retired')}</span>
            </>
          )}
        </dd>
      </div>
    );
  });
}

export async function StatusBadge({ status }: { status: string }) {
  const t = await getTranslations('records.statuses');
  const label = t.has(status as 'active') ? t(status as 'active') : status;
  return <span className={status === 'active' ? 'badge' : 'badge off'}>{label}</span>;
}

/** "44 (born 17 May 1980)", or "about 9 (born 2015, estimated)"; age at death for the deceased. */
export async function AgeText({
  m,
}: {
  m: Pick<MemberView, 'birthDate' | 'birthYear' | 'birthEstimated' | 'deathDate'>;
}) {
  const t = await getTranslations('records.member');
  const format = await getAppFormatter();
  const age = ageOn(m.birthDate, m.birthYear, m.deathDate ?? undefined);
  return m.birthDate && !m.birthEstimated ? (
    <>{t('ageBorn', { age: format.digits(age), date: format.day(m.birthDate) })}</>
  ) : (
    <>{t('ageAbout', { age: format.digits(age), year: format.digits(m.birthYear) })}</>
  );
}

export async function MembersTable({ members }: { members: MemberView[] }) {
  const t = await getTranslations('records');
  const e = await getTranslations('enrol');
  const s = await getTranslations('sexes');
  const r = await getTranslations('relationships');
  return (
    <TableScroll label={t('household.membersCaption')}>
      <table>
        <caption className="muted">{t('household.membersCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('member.nameKm')}</th>
            <th scope="col">{t('member.nameLatin')}</th>
            <th scope="col">{e('sex')}</th>
            <th scope="col">{t('member.age')}</th>
            <th scope="col">{e('relationship')}</th>
            <th scope="col">{e('khmerId')}</th>
            <th scope="col">{t('history.fields.status')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <Link href={`/members/${m.id}`}>
                  {m.surnameKm} {m.givenNameKm}
                </Link>
              </th>
              <td>{[m.surnameLatin, m.givenNameLatin].filter(Boolean).join(' ') || '—'}</td>
              <td>{s(m.sex as 'F' | 'M')}</td>
              <td>
                <AgeText m={m} />
              </td>
              <td>{r(m.relationship as 'head')}</td>
              <td>{m.khmerId ?? '—'}</td>
              <td>
                <StatusBadge status={m.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
