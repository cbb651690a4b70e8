import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { faultConfig } from './faults';
import { modeConfig } from './modes';
import { rejectionConfig } from './rejections';
import type { RunningPeer } from './server';

/**
 * POST /__peer/persons: the identity fields the registry de-duplicates on (registry.ts `match`; Latin
 * names play no part there, so they are not taken), and whose record it is.
 */
const seedPersonBody = z
  .object({
    surname_km: z.string().trim().min(1),
    given_name_km: z.string().trim().min(1),
    birth_date: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/),
    sex: z.enum(['male', 'female', 'other', 'unknown']),
    nid: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
    /** The X-Road client whose record it is (by default another programme's) and its local id (default: a new UUID). */
    client: z.string().min(1).default('CAMBODIA/GOV/OTHER-DEV/PROGRAMME'),
    local_id: z.string().min(1).optional(),
  })
  .strict();

/**
 * The peer's own endpoints under /__peer/ (never X-Road): faults at run time, test-only rejections,
 * persons held from another client (test/dev only), a person as held (with the programmes they receive),
 * reset, review of pending records, and what the peer received, for tests and for a developer poking at it.
 */
export function control(
  peer: RunningPeer,
  method: string,
  path: string,
  body: unknown,
): { status: number; body: unknown } {
  const route = `${method} ${path}`;
  // A person as the registry holds them, with what they receive (codes spelt out).
  const person = /^GET \/__peer\/persons\/([^/]+)$/.exec(route);
  if (person) {
    const view = peer.registry.personView(decodeURIComponent(person[1]!));
    return view ? { status: 200, body: view } : { status: 404, body: { error: 'no person with that SPID' } };
  }
  switch (route) {
    case 'GET /__peer/health':
      return { status: 200, body: { ok: true } };
    case 'GET /__peer/faults':
      return { status: 200, body: { rules: peer.faults.list() } };
    case 'POST /__peer/faults': {
      const parsed = faultConfig.safeParse(body);
      if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
      peer.faults.set(parsed.data.rules);
      return { status: 200, body: { rules: peer.faults.list() } };
    }
    // How the registry answers (modes.ts): settings, and test-only rules per message text.
    case 'GET /__peer/modes':
      return { status: 200, body: peer.modes.view() };
    case 'POST /__peer/modes': {
      const parsed = modeConfig.safeParse(body);
      if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
      peer.modes.set(parsed.data);
      return { status: 200, body: peer.modes.view() };
    }
    case 'DELETE /__peer/modes':
      peer.modes.reset();
      return { status: 200, body: peer.modes.view() };
    case 'DELETE /__peer/faults':
      peer.faults.set([]);
      return { status: 200, body: { rules: [] } };
    // Test-only: enrollment records the registry refuses on purpose (rejections.ts).
    case 'GET /__peer/rejections':
      return { status: 200, body: { rules: peer.registry.rejections.list() } };
    case 'POST /__peer/rejections': {
      const parsed = rejectionConfig.safeParse(body);
      if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
      peer.registry.rejections.set(parsed.data.rules);
      return { status: 200, body: { rules: peer.registry.rejections.list() } };
    }
    case 'DELETE /__peer/rejections':
      peer.registry.rejections.set([]);
      return { status: 200, body: { rules: [] } };
    case 'POST /__peer/reset':
      peer.reset();
      return { status: 200, body: { ok: true } };
    case 'GET /__peer/requests':
      return { status: 200, body: { requests: peer.requests } };
    case 'GET /__peer/state': {
      const s = peer.registry.state;
      return {
        status: 200,
        body: { persons: s.persons.length, pending: Object.keys(s.pending), messages: s.messageIds.length },
      };
    }
    case 'POST /__peer/review': {
      const parsed = z
        .object({ reference_id: z.string(), decision: z.enum(['same', 'different']), client: z.string().optional() })
        .safeParse(body);
      if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
      const result = peer.registry.review(parsed.data.reference_id, parsed.data.decision, parsed.data.client);
      return result
        ? { status: 200, body: result }
        : { status: 404, body: { error: 'no pending record with that reference_id' } };
    }
    // Test/dev only: a person the registry already holds from another client (another programme).
    case 'POST /__peer/persons': {
      const parsed = seedPersonBody.safeParse(body);
      if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
      const b = parsed.data;
      const localId = b.local_id ?? randomUUID();
      const person = peer.registry.seedPerson({
        client: b.client,
        localId,
        surnameKm: b.surname_km,
        givenNameKm: b.given_name_km,
        birth: b.birth_date,
        sex: b.sex,
        nid: b.nid,
      });
      if (!person)
        return { status: 409, body: { error: "the registry already holds that NID, or that client's local id" } };
      return { status: 200, body: { spid: person.spid, client: b.client, local_id: localId } };
    }
    default:
      return { status: 404, body: { error: `no control endpoint ${route}` } };
  }
}
