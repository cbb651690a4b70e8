import { MAX_AMOUNT, type BenefitRules, type Currency, type HouseholdCondition, type MemberCondition } from './rules';

// The rule editor's values (a plain module: the client form and the server action share it).
// A form holds what inputs hold — strings, string arrays, booleans — in the SAME paths as the
// rules they stand for (rules.household.0.when.maxAge), so the errors of `benefitRules`, whether
// zodResolver's or the server's, land beside the field that caused them.
// Amounts are typed in major units (40000 riel, 12.50 USD) and become whole minor units here.

export interface ConditionDraft {
  idpoorLevels: string[];
  minHouseholdSize: string;
  maxHouseholdSize: string;
  provinces: string[];
  districts: string[];
  communes: string[];
  setting: string;
  minAge: string;
  maxAge: string;
  sex: string;
  disability: string;
  chronicIllness: string;
  /** hasMember is asked only while this is on (household conditions). */
  hasMemberOn: boolean;
  hasMember?: ConditionDraft;
  anyOf: ConditionDraft[];
}

export interface AmountRuleDraft {
  when: ConditionDraft;
  amount: string;
}

export interface RulesDraft {
  currency: string;
  eligibility: ConditionDraft;
  household: AmountRuleDraft[];
  members: AmountRuleDraft[];
  cap: string;
}

export const emptyCondition = (): ConditionDraft => ({
  idpoorLevels: [],
  minHouseholdSize: '',
  maxHouseholdSize: '',
  provinces: [],
  districts: [],
  communes: [],
  setting: '',
  minAge: '',
  maxAge: '',
  sex: '',
  disability: '',
  chronicIllness: '',
  hasMemberOn: false,
  anyOf: [],
});

export const emptyRules = (currency: string): RulesDraft => ({
  currency,
  eligibility: emptyCondition(),
  household: [],
  members: [],
  cap: '',
});

/** An amount typed in major units: its minor units, or the message key of what is wrong with it. */
export function parseAmount(typed: string, currency: string): { minor: number } | { error: string } {
  const s = typed.replace(/[\s,_]/g, '');
  if (s === '') return { error: 'required' };
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return { error: 'amountInvalid' };
  const [, sign, whole = '', frac = ''] = m;
  const digits = frac.replace(/0+$/, '');
  if (currency === 'KHR' && digits.length > 0) return { error: 'amountRielWhole' };
  if (digits.length > 2) return { error: 'amountCents' };
  const factor = currency === 'USD' ? 100 : 1;
  const cents = currency === 'USD' ? Number(digits.padEnd(2, '0')) : 0;
  // Beyond 15 digits a double is no longer exact: anything that long is over MAX_AMOUNT anyway.
  const minor = whole.length > 15 ? MAX_AMOUNT + 1 : Number(whole) * factor + cents;
  return { minor: sign ? -minor : minor };
}

/** Minor units shown back in the editor, in major units (no grouping: the field parses it again). */
export function amountText(minor: number, currency: string): string {
  if (currency !== 'USD') return String(minor);
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

type Issue = { path: (string | number)[]; message: string };

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const records = (v: unknown) => (Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? x : {})) : []);
/** '' → absent; anything else a number (NaN for text, which the schema refuses as 'invalid'). */
const num = (v: unknown) => (str(v) === '' ? undefined : Number(str(v)));
const opt = (v: unknown) => (str(v) === '' ? undefined : str(v));

function conditionOf(d: Record<string, unknown>, kind: 'household' | 'member'): Record<string, unknown> {
  const levels = strings(d.idpoorLevels).map((l) => (l === '1' ? 1 : l === '2' ? 2 : l));
  const out: Record<string, unknown> = {
    idpoorLevels: levels.length ? levels : undefined,
    minHouseholdSize: num(d.minHouseholdSize),
    maxHouseholdSize: num(d.maxHouseholdSize),
    provinces: strings(d.provinces).length ? strings(d.provinces) : undefined,
    districts: strings(d.districts).length ? strings(d.districts) : undefined,
    communes: strings(d.communes).length ? strings(d.communes) : undefined,
    setting: opt(d.setting),
  };
  if (kind === 'member') {
    Object.assign(out, {
      minAge: num(d.minAge),
      maxAge: num(d.maxAge),
      sex: opt(d.sex),
      disability: opt(d.disability),
      ...chronicIllnessOf(d.chronicIllness),
    });
  } else if (d.hasMemberOn === true && d.hasMember && typeof d.hasMember === 'object') {
    out.hasMember = conditionOf(d.hasMember as Record<string, unknown>, 'member');
  }
  const anyOf = records(d.anyOf).map((a) => conditionOf(a as Record<string, unknown>, kind));
  if (anyOf.length) out.anyOf = anyOf;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** 'yes' → must be recorded as chronically ill; '' → either (a rule cannot ask for "not ill"). */
function chronicIllnessOf(v: unknown): { chronicIllness?: unknown } {
  const s = str(v);
  return s === '' ? {} : { chronicIllness: s === 'yes' ? true : s };
}

/**
 * The rules as `benefitRules` takes them, and the amount errors found on the way (by path). A bad
 * amount becomes NaN, which `benefitRules` also refuses: the caller keeps the first message per path.
 */
export function rulesFromDraft(
  draft: unknown,
  currency: string,
  at: (string | number)[] = ['rules'],
): { rules: unknown; issues: Issue[] } {
  const d = (draft && typeof draft === 'object' ? draft : {}) as Record<string, unknown>;
  const issues: Issue[] = [];
  const money = (v: unknown, path: (string | number)[]) => {
    const r = parseAmount(str(v), currency);
    if ('minor' in r) return r.minor;
    issues.push({ path: [...at, ...path], message: r.error });
    return Number.NaN;
  };
  const list = (key: 'household' | 'members') =>
    records(d[key]).map((r, i) => {
      const rule = r as Record<string, unknown>;
      const when = (rule.when && typeof rule.when === 'object' ? rule.when : {}) as Record<string, unknown>;
      return {
        when: conditionOf(when, key === 'household' ? 'household' : 'member'),
        amount: money(rule.amount, [key, i, 'amount']),
      };
    });
  const eligibility = (d.eligibility && typeof d.eligibility === 'object' ? d.eligibility : {}) as Record<
    string,
    unknown
  >;
  const rules: Record<string, unknown> = {
    currency: typeof d.currency === 'string' ? d.currency : currency,
    eligibility: conditionOf(eligibility, 'household'),
    household: list('household'),
    members: list('members'),
  };
  if (str(d.cap) !== '') rules.cap = money(d.cap, ['cap']);
  return { rules, issues };
}

function conditionDraft(c: HouseholdCondition & MemberCondition): ConditionDraft {
  const s = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    idpoorLevels: (c.idpoorLevels ?? []).map(String),
    minHouseholdSize: s(c.minHouseholdSize),
    maxHouseholdSize: s(c.maxHouseholdSize),
    provinces: c.provinces ?? [],
    districts: c.districts ?? [],
    communes: c.communes ?? [],
    setting: c.setting ?? '',
    minAge: s(c.minAge),
    maxAge: s(c.maxAge),
    sex: c.sex ?? '',
    disability: c.disability ?? '',
    chronicIllness: c.chronicIllness ? 'yes' : '',
    hasMemberOn: c.hasMember !== undefined,
    hasMember: c.hasMember ? conditionDraft(c.hasMember) : emptyCondition(),
    anyOf: (c.anyOf ?? []).map((a) => conditionDraft(a)),
  };
}

/** Stored rules, back in the editor's form. */
export function draftFromRules(rules: BenefitRules): RulesDraft {
  const currency: Currency = rules.currency;
  return {
    currency,
    eligibility: conditionDraft(rules.eligibility),
    household: rules.household.map((r) => ({ when: conditionDraft(r.when), amount: amountText(r.amount, currency) })),
    members: rules.members.map((r) => ({ when: conditionDraft(r.when), amount: amountText(r.amount, currency) })),
    cap: rules.cap === undefined ? '' : amountText(rules.cap, currency),
  };
}

/** A stored programme as the programme form holds it (the edit form's defaults, a conflict's other side). */
export function programmeFormValues(p: {
  code: string;
  nameKm: string;
  nameEn: string;
  description: string | null;
  benefitType: string;
  currency: string;
  frequency: string;
  startDate: string;
  endDate: string | null;
  rules: BenefitRules;
}) {
  return {
    code: p.code,
    nameKm: p.nameKm,
    nameEn: p.nameEn,
    description: p.description ?? '',
    benefitType: p.benefitType,
    currency: p.currency,
    frequency: p.frequency,
    startDate: p.startDate,
    endDate: p.endDate ?? '',
    rules: draftFromRules(p.rules),
  };
}
