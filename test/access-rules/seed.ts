import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { households, members } from '@/db/schema';
import { khmerNameKey, latinNameKey } from '@/lib/text/normalise';
import { khmerId } from '../helpers/households';
import { insertHousehold } from '../helpers/records';
import type { Ctx } from './types';

// Not a rule file (the matrix skips it): records of an operator for the cross-operator checks.

const KM = 'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ';
const LATIN = 'bcdfghjklmnpqrstvwxz';
const DIGITS = '0123456789';
const word = (letters: string, n: number) =>
  Array.from({ length: n }, () => letters[randomInt(letters.length)]).join('');

/**
 * A household of ctx's operator with a code, and a head with a Khmer ID and a name, that no other
 * household or member has: what another operator might look for, or enrol again.
 */
export async function householdWithKhmerId(ctx: Ctx) {
  const inserted = await insertHousehold(ctx.operatorId);
  const head = inserted.head;
  // A code the search takes for a household code (letters, a dash, digits).
  const [household] = await db()
    .update(households)
    .set({ code: `AX-${word(DIGITS, 10)}` })
    .where(eq(households.id, inserted.household.id))
    .returning();
  const person = {
    khmerId: khmerId(),
    surnameKm: 'សុខ',
    givenNameKm: word(KM, 6),
    surnameLatin: 'Sok',
    givenNameLatin: `Ka${word(LATIN, 6)}`,
  };
  await db()
    .update(members)
    .set({
      ...person,
      nameKmKey: khmerNameKey(person.surnameKm, person.givenNameKm),
      nameLatinKey: latinNameKey(person.surnameLatin, person.givenNameLatin),
    })
    .where(eq(members.id, head.id));
  return { household: household!, head, ...person };
}
