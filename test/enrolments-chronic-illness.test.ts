import { beforeAll, describe, expect, it } from 'vitest';
import { updateMemberAction } from '@/app/(app)/members/[id]/actions';
import { memberSchema } from '@/lib/households/schemas';
import { memberFormValues } from '@/lib/records/form-values';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { ensureUnits, householdOfThree, member } from './helpers/households';
import { auditOf, enrolAs, memberRow } from './helpers/records';

// A member's chronic illness (migration 0019): entered when the household is enrolled, corrected
// in the member's edit form, kept in the audit trail; an input without it (an import row) means no.

let officer: string;

beforeAll(async () => {
  await ensureUnits();
  const op = await makeOperator();
  officer = (await makeUser({ operatorId: op.id, roles: ['enrolment_officer'] })).id;
});

describe('chronic illness', () => {
  it('is absent = no, and refuses anything but a boolean', () => {
    const { chronicIllness: _c, ...withoutIt } = member();
    expect(memberSchema.parse(withoutIt).chronicIllness).toBe(false);
    expect(memberSchema.safeParse({ ...member(), chronicIllness: 'yes' }).success).toBe(false);
  });

  it('is stored at enrolment and changed by the member edit, with its audit row', async () => {
    const input = householdOfThree();
    input.members[1] = { ...input.members[1]!, chronicIllness: true };
    const { spouse, head } = await enrolAs(officer, input);
    expect(spouse.chronicIllness).toBe(true);
    expect(head.chronicIllness).toBe(false);
    await signInAs(officer);
    const res = await updateMemberAction({
      memberId: spouse.id,
      version: spouse.version,
      member: { ...memberFormValues(spouse), chronicIllness: false },
    });
    expect(res).toMatchObject({ ok: true });
    expect((await memberRow(spouse.id))!.chronicIllness).toBe(false);
    const update = (await auditOf(spouse.id)).find((a) => a.action === 'member.update');
    expect(update).toMatchObject({ before: { chronicIllness: true }, after: { chronicIllness: false } });
  });
});
