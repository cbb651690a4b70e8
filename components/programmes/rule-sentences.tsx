import { getLocale, getTranslations } from 'next-intl/server';
import { formatMoney } from '@/lib/programmes/format-money';
import type { BenefitRules, HouseholdCondition, MemberCondition } from '@/lib/programmes/rules';
import { ruleAreaNames } from '@/lib/programmes/service';

type Condition = HouseholdCondition & MemberCondition;
type Names = Record<string, { km: string; latin: string }>;

/** A programme's benefit rules as sentences in the reader's language, amounts formatted here on the server. */
export async function RuleSentences({ rules }: { rules: BenefitRules }) {
  const t = await getTranslations('programmes.sentence');
  const r = await getTranslations('programmes.rules');
  const locale = await getLocale();
  const names: Names = await ruleAreaNames(rules);
  const money = (n: number) => formatMoney(n, rules.currency, locale);
  const area = (code: string) => {
    const n = names[code];
    if (!n) return code;
    return locale === 'km' ? n.km || n.latin : n.latin || n.km;
  };
  const all = (parts: string[]) =>
    parts.length <= 1 ? (parts[0] ?? '') : t('and', { a: parts.slice(0, -1).join(t('listSep')), b: parts.at(-1)! });

  function describe(c: Condition): string {
    const parts: string[] = [];
    if (c.minAge !== undefined && c.maxAge !== undefined) parts.push(t('ageRange', { min: c.minAge, max: c.maxAge }));
    else if (c.minAge !== undefined) parts.push(t('ageMin', { min: c.minAge }));
    else if (c.maxAge !== undefined) parts.push(t('ageMax', { max: c.maxAge }));
    if (c.sex) parts.push(t(c.sex === 'F' ? 'female' : 'male'));
    if (c.disability) {
      const level = { some: 'disabilitySome', aLot: 'disabilityALot', cannot: 'disabilityCannot' } as const;
      parts.push(t('disability', { level: t(level[c.disability]) }));
    }
    if (c.chronicIllness) parts.push(t('chronicIll'));
    if (c.idpoorLevels) {
      const levels = c.idpoorLevels.map((l) => (l === 'none' ? t('idpoorNone') : t('idpoorLevel', { level: l })));
      parts.push(t('idpoor', { levels: levels.join(t('or')) }));
    }
    if (c.setting) parts.push(t(c.setting));
    const { minHouseholdSize: lo, maxHouseholdSize: hi } = c;
    if (lo !== undefined && hi !== undefined) parts.push(t('sizeRange', { min: lo, max: hi }));
    else if (lo !== undefined) parts.push(t('sizeMin', { min: lo }));
    else if (hi !== undefined) parts.push(t('sizeMax', { max: hi }));
    for (const key of ['provinces', 'districts', 'communes'] as const) {
      const codes = c[key];
      if (codes) parts.push(t(key, { list: codes.map(area).join(t('or')) }));
    }
    if (c.hasMember) parts.push(t('hasMember', { condition: describe(c.hasMember) }));
    if (c.anyOf) parts.push(t('anyOf', { list: c.anyOf.map((a) => describe(a)).join(t('or')) }));
    return all(parts);
  }

  return (
    <div>
      <h3>{r('eligibilityTitle')}</h3>
      <p>{t('eligibility', { condition: describe(rules.eligibility) })}</p>
      <h3>{r('householdTitle')}</h3>
      {rules.household.length > 0 ? (
        <ol>
          {rules.household.map((r, i) => (
            <li key={i}>{t('householdRule', { amount: money(r.amount), condition: describe(r.when) })}</li>
          ))}
        </ol>
      ) : (
        <p>{t('householdNone')}</p>
      )}
      <h3>{r('membersTitle')}</h3>
      {rules.members.length > 0 ? (
        <ol>
          {rules.members.map((r, i) => (
            <li key={i}>{t('memberRule', { amount: money(r.amount), condition: describe(r.when) })}</li>
          ))}
        </ol>
      ) : (
        <p>{t('membersNone')}</p>
      )}
      <p className="muted">{t('firstMatch')}</p>
      <h3>{r('capTitle')}</h3>
      <p>{rules.cap === undefined ? t('noCap') : t('cap', { amount: money(rules.cap) })}</p>
    </div>
  );
}
