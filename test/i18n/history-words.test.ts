import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { actionLabel, actionLabelKey, AUDIT_ACTIONS } from '@/lib/audit/labels';
import { formatterFor } from '@/lib/i18n/format';
import type { HistoryEntry } from '@/lib/records/history';
import { describeHistory, looseTranslator } from '@/lib/records/history-text';
import { MESSAGES } from '@/messages';

// What an officer reads in a member's history, in both languages: words for every code, never the
// raw key ("(member.khmer_id_verified)", "match: — → none") and never the X-Road id.

const entry = (action: string, after: Record<string, unknown> | null, before: Record<string, unknown> | null = null) =>
  ({
    id: 1,
    at: new Date('2026-12-06T06:37:00Z'),
    action,
    entityType: 'member',
    entityId: '00000000-0000-4000-8000-000000000001',
    actorName: 'Dara',
    before,
    after,
  }) satisfies HistoryEntry;

function read(locale: 'en' | 'km', e: HistoryEntry) {
  return describeHistory([e], {
    t: looseTranslator(createTranslator({ locale, messages: MESSAGES[locale] })),
    format: formatterFor(locale),
    locale,
    refs: { householdCodes: {}, memberNames: {}, deletedMemberNames: {}, villages: {} },
    householdView: false,
  })[0]!;
}

describe('a member history in words', () => {
  const xRoadId = 'f2a1c3d4-0000-4000-8000-00000000abcd';

  it('names the Khmer ID check and its result, without the X-Road id', () => {
    const en = read('en', entry('member.khmer_id_verified', { match: 'none', xRoadId }));
    expect(en.what).toBe('Khmer ID checked with the Ministry of Interior');
    expect(en.changes).toEqual(['Khmer ID check: No match']);
    expect(en.when).toBe('Dec 6, 2026, 1:37 PM');
    const km = read('km', entry('member.khmer_id_verified', { match: 'full', xRoadId }));
    expect(km.what).toBe('បានផ្ទៀងផ្ទាត់អត្តសញ្ញាណប័ណ្ណជាមួយក្រសួងមហាផ្ទៃ');
    expect(km.changes).toEqual(['ការផ្ទៀងផ្ទាត់អត្តសញ្ញាណប័ណ្ណ៖ ត្រូវគ្នាទាំងស្រុង']);
    expect(km.when).toBe('៦ ធ្នូ ២០២៦ ម៉ោង ១៣:៣៧');
    for (const row of [en, km]) expect(JSON.stringify(row)).not.toMatch(new RegExp(`${xRoadId}|xRoad|X-Road`));
  });

  it('names registry events and never shows an action code', () => {
    for (const locale of ['en', 'km'] as const) {
      for (const action of ['member.registry_retry', 'registry_review.link', 'member.some_future_event']) {
        const row = read(
          locale,
          entry(action, action.startsWith('registry_review') ? { reviewId: 7, spid: 'S-1' } : null),
        );
        expect(row.what).not.toMatch(/[a-z]+[._][a-z_]+/);
        expect(row.changes.join(' ')).not.toMatch(/reviewId|\b7\b/);
      }
    }
  });
});

describe('the audit trail’s action codes', () => {
  it('has words for every action the code base writes, in both languages', () => {
    for (const locale of ['en', 'km'] as const) {
      const t = looseTranslator(createTranslator({ locale, messages: MESSAGES[locale] }));
      const missing = AUDIT_ACTIONS.filter((a) => !t.has(actionLabelKey(a)));
      expect(missing).toEqual([]);
      expect(actionLabel(t, 'auth.sign_in')).toBe(locale === 'en' ? 'Signed in' : 'បានចូលប្រើ');
    }
  });
});
