import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { benefitEnrolments } from '@/db/schema';
import { deleteHousehold, deleteMember } from '@/lib/records/delete';
import { adminOf, householdOf, programmeOf } from './helpers/enrolments';
import { insertHousehold } from './helpers/records';

// A household or member enrolled in a programme is not deleted as a mistake: the delete is refused
// with a message (it used to fail on the foreign key with a generic error).
describe('deleting enrolled records', () => {
  it('refuses a household enrolled in a programme, and a member who collects for it', async () => {
    const admin = await adminOf();
    const programmeId = await programmeOf(admin);
    const { household, spouse } = await householdOf(admin.operatorId);
    await db().insert(benefitEnrolments).values({
      operatorId: admin.operatorId,
      programmeId,
      householdId: household.id,
      enrolledOn: '2026-06-01',
      recipientMemberId: spouse.id,
    });
    await expect(deleteHousehold(admin, { householdId: household.id, reason: 'mistake' })).rejects.toMatchObject({
      code: 'CONFLICT',
      messageKey: 'deleteEnrolled',
    });
    await expect(deleteMember(admin, { memberId: spouse.id, reason: 'mistake' })).rejects.toMatchObject({
      code: 'CONFLICT',
      messageKey: 'deleteEnrolled',
    });
  });

  it('still deletes a household that nothing refers to', async () => {
    const admin = await adminOf();
    const { household } = await insertHousehold(admin.operatorId);
    await expect(deleteHousehold(admin, { householdId: household.id, reason: 'mistake' })).resolves.toBeNull();
  });
});
