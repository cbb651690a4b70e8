import 'server-only';
import { createHash } from 'node:crypto';
import type { Tenant } from '@/lib/auth/scope';
import { memberValues } from '@/lib/households/enrol';
import type { EnrolmentData, MemberData } from '@/lib/households/schemas';
import { khmerNameKey } from '@/lib/text/normalise';

// Import keys make an import idempotent (unique per operator in households and members):
// - a household is the operator's household reference in that village with that head (name key,
//   sex, year of birth), so two families that happen to use the same reference stay apart, and a
//   member added to the household in a later file joins the household imported before;
// - a member is its household plus the row's values after validation, so the same row in another
//   spelling of the same values ("012 345 678" or "012345678") is still the same row, while an
//   edited row is a new row (the duplicate checks then find the person imported before).

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/** A household's import key; its operator's id is hashed in as it always was (another input would re-key every household imported before). */
export function householdKey(owner: Tenant, ref: string, data: EnrolmentData): string {
  const head = data.members.find((m) => m.relationship === 'head')!;
  return `h1:${hash([owner.operatorId, ref, data.household.villageCode, khmerNameKey(head.surnameKm, head.givenNameKm), head.sex, head.birthYear])}`;
}

export function memberKey(householdImportKey: string, member: MemberData): string {
  return `m1:${hash([householdImportKey, memberValues(member)])}`;
}
