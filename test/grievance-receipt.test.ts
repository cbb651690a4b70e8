import { describe, expect, it } from 'vitest';
import type { OperatorUser } from '@/lib/auth/guards';
import { grievanceReceipt } from '@/lib/grievances/receipt';
import { makeOperator, makeUser } from './helpers/fixtures';
import { insertGrievance } from './helpers/grievance-rows';

// The printable receipt's content: what the complainant filed and what to expect, read under the one
// visibility rule, with no personal data for an anonymous grievance.

const actorOf = async (operatorId: string, role: 'operator_admin' | 'grievance_officer' | 'viewer') =>
  (await makeUser({ operatorId, roles: [role] })) as unknown as OperatorUser;

describe('the grievance receipt', () => {
  it('gives the reference, dates, category and operator; the name only of a named complainant', async () => {
    const op = await makeOperator();
    const officer = await actorOf(op.id, 'grievance_officer');
    const { grievance } = await insertGrievance(op.id);
    const receipt = await grievanceReceipt(officer, grievance.id);
    expect(receipt).toMatchObject({
      code: grievance.code,
      dueOn: grievance.dueOn,
      anonymous: false,
      complainantName: 'Sok Dara',
      category: { nameEn: 'Payment not received' },
      operator: { code: op.code, nameEn: op.nameEn },
    });
    expect(JSON.stringify(receipt)).not.toContain(grievance.contactPhone!);
    expect(JSON.stringify(receipt)).not.toContain(grievance.description);
    const { grievance: anonymous } = await insertGrievance(op.id, { anonymous: true });
    expect(await grievanceReceipt(officer, anonymous.id)).toMatchObject({ anonymous: true, complainantName: null });
  });

  it('is not found for another operator, nor for a sensitive grievance that is not the reader’s', async () => {
    const op = await makeOperator();
    const other = await makeOperator();
    const officer = await actorOf(op.id, 'grievance_officer');
    const { grievance: sensitive } = await insertGrievance(op.id, { sensitive: true });
    expect(await grievanceReceipt(officer, sensitive.id)).toBeNull();
    expect(await grievanceReceipt(await actorOf(op.id, 'operator_admin'), sensitive.id)).not.toBeNull();
    expect(await grievanceReceipt(await actorOf(other.id, 'operator_admin'), sensitive.id)).toBeNull();
    expect(await grievanceReceipt(officer, 'not-a-uuid')).toBeNull();
  });
});
