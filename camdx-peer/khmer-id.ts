import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { khmerKey } from '../lib/text/normalise';
import { reply, requireHeader, type Ids, type Reply } from './dci';

/**
 * The Ministry of Interior's Khmer ID service, simulated against a fixture list. It answers how well a
 * claimed identity matches the card (full / partial / none) and never returns the card's data.
 */
export const khmerIdFixture = z.object({
  id_number: z.string().regex(/^\d{9}$/),
  surname_km: z.string().min(1),
  given_name_km: z.string().min(1),
  sex: z.enum(['F', 'M']),
  birth_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type KhmerIdFixture = z.infer<typeof khmerIdFixture>;

export const DEFAULT_FIXTURES = path.join(import.meta.dirname, 'fixtures', 'khmer-id.json');

export function loadFixtures(file = DEFAULT_FIXTURES): KhmerIdFixture[] {
  return z.array(khmerIdFixture).parse(JSON.parse(readFileSync(file, 'utf8')));
}

const verifyItem = z.object({
  reference_id: z.string().min(1),
  identifier: z.object({ identifier_type: z.literal('NID'), identifier_value: z.string() }),
  resident_record: z.object({
    local_name: z.object({ language_code: z.string(), local_name: z.string() }),
    gender: z.enum(['male', 'female']),
    dob: z.string().regex(/^\d{8}$/),
  }),
});

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;

export function verifyKhmerId(body: unknown, fixtures: KhmerIdFixture[], ids: Ids): Reply {
  const h = requireHeader(body, 'verify', ids, 'on-verify');
  if (h.reject) return h.reject;
  const message = z
    .object({ transaction_id: z.string(), verify_request: z.array(z.unknown()).min(1) })
    .safeParse((body as { message?: unknown }).message);
  if (!message.success) return reply.bad('message must hold transaction_id and verify_request');
  const verify_response = message.data.verify_request.map((raw) => {
    const timestamp = new Date().toISOString();
    const parsed = verifyItem.safeParse(raw);
    const reference_id = z.object({ reference_id: z.string() }).safeParse(raw).data?.reference_id ?? '';
    if (!parsed.success)
      return { reference_id, timestamp, status: 'rjct', status_reason_code: 'rjct.search_criteria.invalid' };
    const claim = parsed.data;
    const card = fixtures.find((f) => f.id_number === claim.identifier.identifier_value);
    if (!card)
      return { reference_id, timestamp, status: 'succ', match: 'none', status_reason_message: 'no such Khmer ID' };
    // Spacing and the coeng DA / TA look-alikes vary between keyboards: compare normalised keys.
    const attributes = {
      local_name:
        khmerKey(claim.resident_record.local_name.local_name) === khmerKey(`${card.surname_km}${card.given_name_km}`),
      dob: claim.resident_record.dob === ddmmyyyy(card.birth_date),
      gender: claim.resident_record.gender === (card.sex === 'F' ? 'female' : 'male'),
    };
    const hits = Object.values(attributes).filter(Boolean).length;
    const match = hits === 3 ? 'full' : hits > 0 ? 'partial' : 'none';
    return { reference_id, timestamp, status: 'succ', match, attributes };
  });
  return reply.ok(
    h,
    { transaction_id: message.data.transaction_id, correlation_id: randomUUID(), verify_response },
    verify_response.length,
  );
}
