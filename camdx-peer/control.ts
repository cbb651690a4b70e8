import { z } from 'zod';
import { faultConfig } from './faults';
import { rejectionConfig } from './rejections';
import type { RunningPeer } from './server';

/**
 * The peer's own endpoints under /__peer/ (never X-Road): faults at run time, test-only rejections,
 * reset, review of pending records, and what the peer received, for tests and for a developer poking at it.
 */
export function control(peer: RunningPeer, method: string, path: string, body: unknown): { status: number; body: unknown } {
  const route = `${method} ${path}`;
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
      return { status: 200, body: { persons: s.persons.length, pending: Object.keys(s.pending), messages: s.messageIds.length } };
    }
    case 'POST /__peer/review': {
      const parsed = z.object({ reference_id: z.string(), decision: z.enum(['same', 'different']), client: z.string().optional() }).safeParse(body);
      if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
      const result = peer.registry.review(parsed.data.reference_id, parsed.data.decision, parsed.data.client);
      return result ? { status: 200, body: result } : { status: 404, body: { error: 'no pending record with that reference_id' } };
    }
    default:
      return { status: 404, body: { error: `no control endpoint ${route}` } };
  }
}
