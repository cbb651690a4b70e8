import { actionLabel } from '@/lib/audit/labels';
import { WG_DOMAINS } from '@/lib/households/values';
import { nationalPhone } from './form-values';
import type { HistoryEntry, HistoryRefs } from './history';

// Audit rows into sentences a person reads, in their language: field labels and coded values
// (sex, relationship, status…) from the messages, dates through lib/i18n/format in Cambodia's time
// zone, ids as household codes and names. Pure, so that tests can read it in both languages.

export interface Translate {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}
/** lib/i18n/format's formatter: the same text on the server and in any browser. */
export interface DateFormatter {
  dateTime(value: Date): string;
  day(value: string): string;
}
export interface HistoryContext {
  t: Translate;
  format: DateFormatter;
  locale: string;
  refs: HistoryRefs;
  /** On a household's page, member events are named after the member. */
  householdView: boolean;
}
export interface HistoryRow {
  id: number;
  when: string;
  who: string;
  what: string;
  changes: string[];
  /** Member events on a household page link to the member, while the member exists. */
  memberId: string | null;
}

const CODED: Record<string, string> = {
  sex: 'sexes',
  relationship: 'relationships',
  maritalStatus: 'maritalStatuses',
  status: 'records.statuses',
  match: 'audit.matchValues',
};
// Kept in the audit trail (administrators read it there), never shown to officers in a record's history.
const HIDDEN = new Set(['xRoadId', 'reviewId']);
// The order a record's page shows its fields in; jsonb keeps its own key order, not ours.
const FIELD_ORDER = [
  'code',
  'householdId',
  'villageCode',
  'addressLine',
  'idpoorNumber',
  'idpoorLevel',
  'headMemberId',
  'surnameKm',
  'givenNameKm',
  'surnameLatin',
  'givenNameLatin',
  'sex',
  'birthDate',
  'birthYear',
  'birthEstimated',
  'relationship',
  'khmerId',
  'birthCertificateNo',
  'phone',
  'maritalStatus',
  'disability',
  'chronicIllness',
  'notes',
  'status',
  'deathDate',
  'exitDate',
  'exitReason',
  'reason',
];
const byFieldOrder = (a: string, b: string) =>
  (FIELD_ORDER.indexOf(a) + 1 || FIELD_ORDER.length + 1) - (FIELD_ORDER.indexOf(b) + 1 || FIELD_ORDER.length + 1);
const DATES = new Set(['birthDate', 'deathDate', 'exitDate']);
const MEMBER_REFS = new Set(['headMemberId', 'existingMemberId']);

function coded(t: Translate, namespace: string, value: string): string {
  const key = `${namespace}.${value}`;
  return t.has(key) ? t(key) : value;
}

function formatDate(ctx: HistoryContext, value: string): string {
  // A calendar date: the same day in any rendering time zone.
  return ctx.format.day(value);
}

function disabilityText(ctx: HistoryContext, value: Record<string, unknown>): string {
  const { t } = ctx;
  const parts = WG_DOMAINS.filter((d) => value[d] && value[d] !== 'none').map((d) =>
    t('records.history.difficulty', {
      domain: coded(t, 'wgDomains', d),
      level: coded(t, 'wgLevels', String(value[d])),
    }),
  );
  return parts.length ? parts.join('; ') : t('records.history.noDifficulty');
}

export function valueText(ctx: HistoryContext, field: string, value: unknown): string {
  const { t, refs } = ctx;
  if (value === null || value === undefined || value === '') return t('records.history.empty');
  if (typeof value === 'boolean') return t(value ? 'records.history.yes' : 'records.history.no');
  if (Array.isArray(value)) return String(value.length);
  if (field === 'disability' && typeof value === 'object') return disabilityText(ctx, value as Record<string, unknown>);
  const s = String(value);
  if (CODED[field]) return coded(t, CODED[field], s);
  if (field === 'idpoorLevel') return s === '1' || s === '2' ? t(`enrol.idpoorLevel${s}`) : s;
  if (DATES.has(field)) return formatDate(ctx, s);
  if (field === 'phone') return nationalPhone(s);
  if (field === 'householdId') return refs.householdCodes[s] ?? s.slice(0, 8);
  if (MEMBER_REFS.has(field)) return refs.memberNames[s] ?? refs.deletedMemberNames[s] ?? s.slice(0, 8);
  if (field === 'villageCode') {
    const v = refs.villages[s];
    return v ? `${ctx.locale === 'km' ? v.nameKm : v.nameLatin} (${s})` : s;
  }
  return s;
}

export function fieldLabel(t: Translate, field: string): string {
  const key = `records.history.fields.${field}`;
  if (t.has(key)) return t(key);
  return t.has(`audit.fields.${field}`) ? t(`audit.fields.${field}`) : field;
}

function changesOf(ctx: HistoryContext, e: HistoryEntry): string[] {
  const { t } = ctx;
  const before = e.before ?? {};
  const after = e.after ?? {};
  const value = (field: string, v: unknown) =>
    t('records.history.value', { field: fieldLabel(t, field), value: valueText(ctx, field, v) });
  if (e.action.endsWith('.delete')) return 'reason' in after ? [value('reason', after.reason)] : [];
  const shown = (k: string) => !HIDDEN.has(k);
  // An event with nothing before it (a Khmer ID check, a review) states its values; it changed none.
  if (e.action.endsWith('.create') || !e.before) {
    // On a household's page a new member is named in "what"; their details are on their own page.
    if (ctx.householdView && e.entityType === 'member' && e.action.endsWith('.create')) return [];
    return Object.keys(after)
      .filter(shown)
      .sort(byFieldOrder)
      .filter((k) => after[k] !== null && after[k] !== '' && after[k] !== false)
      .map((k) => value(k, after[k]));
  }
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter(shown)
    .sort(byFieldOrder)
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return fields.map((k) =>
    t('records.history.change', {
      field: fieldLabel(t, k),
      old: valueText(ctx, k, before[k]),
      new: valueText(ctx, k, after[k]),
    }),
  );
}

export function describeHistory(list: HistoryEntry[], ctx: HistoryContext): HistoryRow[] {
  const { t } = ctx;
  return list.map((e) => {
    const key = `records.history.actions.${e.action.replace(/\./g, '_')}`;
    // The history's own wording first, then the audit trail's label for any other action (lib/audit/labels).
    const other = actionLabel(t, e.action);
    const label = t.has(key) ? t(key) : other !== e.action ? other : t('records.history.otherAction');
    const aboutMember = ctx.householdView && e.entityType === 'member';
    const live = ctx.refs.memberNames[e.entityId];
    const name = live ?? ctx.refs.deletedMemberNames[e.entityId];
    return {
      id: e.id,
      when: ctx.format.dateTime(e.at),
      who: e.actorName ?? t('records.history.system'),
      what: aboutMember
        ? t('records.history.aboutMember', { name: name ?? e.entityId.slice(0, 8), action: label })
        : label,
      changes: changesOf(ctx, e),
      memberId: aboutMember && live ? e.entityId : null,
    };
  });
}

/** next-intl's translator, whose keys are type-checked literals, for keys built at run time (checked with `has`). */
export function looseTranslator(t: { (key: never, values?: never): string; has(key: never): boolean }): Translate {
  return Object.assign((key: string, values?: Record<string, string | number>) => t(key as never, values as never), {
    has: (key: string) => t.has(key as never),
  });
}
