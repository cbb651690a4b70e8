'use client';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { TableScroll } from '@/components/ui/table-scroll';
import { useAppFormatter } from '@/lib/i18n/use-format';
import type { MemberHit } from '@/lib/search/search';

const STATUS_KEYS = { active: 'statusActive', deceased: 'statusDeceased', exited: 'statusExited' } as const;
const SEX_KEYS = { F: 'sexF', M: 'sexM' } as const;

function latinName(m: MemberHit): string {
  return [m.surnameLatin, m.givenNameLatin].filter(Boolean).join(' ');
}

function Birth({ m }: { m: MemberHit }) {
  const t = useTranslations('search');
  const format = useAppFormatter();
  // A birth date is a calendar day, not an instant: format it as such, in UTC.
  const when = m.birthDate ? format.day(m.birthDate) : String(m.birthYear);
  return (
    <>
      {when}
      {m.birthEstimated && <span className="muted"> ({t('estimated')})</span>}
    </>
  );
}

/**
 * The members found: names link to the member, codes to the household. Not prefetched: a page
 * of results would otherwise fetch fifty pages nobody asked for.
 */
export function SearchResults({ items }: { items: MemberHit[] }) {
  const t = useTranslations('search');
  const u = useTranslations('ui');
  const locale = useLocale();
  const place = (km: string | null, latin: string | null) => (locale === 'km' ? km : latin) ?? '';
  return (
    <TableScroll label={u('tableOf', { name: t('results') })}>
      <table>
        <caption className="muted">
          {t('results')}. {t('khmerIdNote')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('sex')}</th>
            <th scope="col">{t('birth')}</th>
            <th scope="col">{t('household')}</th>
            <th scope="col">{t('place')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('khmerId')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.memberId}>
              <td>
                <Link href={`/members/${m.memberId}`} prefetch={false}>
                  <span lang="km">
                    {m.surnameKm} {m.givenNameKm}
                  </span>
                </Link>
                {latinName(m) && (
                  <>
                    <br />
                    <span className="muted" lang="en">
                      {latinName(m)}
                    </span>
                  </>
                )}
              </td>
              <td>{SEX_KEYS[m.sex as keyof typeof SEX_KEYS] ? t(SEX_KEYS[m.sex as keyof typeof SEX_KEYS]) : m.sex}</td>
              <td>
                <Birth m={m} />
              </td>
              <td>
                <Link href={`/households/${m.householdId}`} prefetch={false}>
                  {m.householdCode}
                </Link>
              </td>
              <td>
                {[place(m.villageNameKm, m.villageNameLatin), place(m.communeNameKm, m.communeNameLatin)]
                  .filter(Boolean)
                  .join(', ')}
              </td>
              <td>
                {STATUS_KEYS[m.status as keyof typeof STATUS_KEYS]
                  ? t(STATUS_KEYS[m.status as keyof typeof STATUS_KEYS])
                  : m.status}
              </td>
              <td>
                <code>{m.khmerIdMasked ?? ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
