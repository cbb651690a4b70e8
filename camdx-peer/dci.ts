import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** DCI envelope handling shared by the registry and Khmer ID simulators. */
export interface Reply {
  status: number;
  body: unknown;
}

const header = z.object({
  version: z.string().optional(),
  message_id: z.string().min(1),
  message_ts: z.string().min(1),
  action: z.string(),
  total_count: z.number().int().min(0).optional(),
});
type Header = z.infer<typeof header>;

export interface Ids {
  /** The calling client (X-Road-Client), who gets the answer. */
  sender: string;
  /** The service answering. */
  receiver: string;
}

export type HeaderCheck = { reject: Reply } | { reject?: undefined; header: Header; ids: Ids; replyAction: string };

function responseHeader(h: Extract<HeaderCheck, { header: Header }>, status: string, extra: Record<string, unknown>) {
  return {
    version: '1.0.0',
    message_id: randomUUID(),
    message_ts: new Date().toISOString(),
    action: h.replyAction,
    status,
    ...extra,
    sender_id: h.ids.receiver,
    receiver_id: h.ids.sender,
    is_msg_encrypted: false,
  };
}

export const reply = {
  /** A transport-level refusal: HTTP 400 with the DCI HttpErrorResponse body, no X-Road-Error. */
  bad(message: string): Reply {
    return { status: 400, body: { errors: [{ code: 'err.request.bad', message }] } };
  },
  /** The whole message refused: header status rjct with a reason code (DCI MsgHeaderStatusReasonCode). */
  reject(h: Extract<HeaderCheck, { header: Header }>, code: string, message: string): Reply {
    return {
      status: 200,
      body: {
        header: responseHeader(h, 'rjct', {
          status_reason_code: code,
          status_reason_message: message,
          total_count: 0,
          completed_count: 0,
        }),
      },
    };
  },
  ok(h: Extract<HeaderCheck, { header: Header }>, message: unknown, count: number): Reply {
    return {
      status: 200,
      body: { header: responseHeader(h, 'succ', { total_count: count, completed_count: count }), message },
    };
  },
};

/** The envelope's header must parse, be version 1.0.0 and carry the action this path expects. */
export function requireHeader(body: unknown, action: string, ids: Ids, replyAction: string): HeaderCheck {
  const parsed = z.object({ header: header }).safeParse(body);
  if (!parsed.success)
    return { reject: reply.bad('A DCI envelope {header, message} with message_id, message_ts and action is required') };
  const h = { header: parsed.data.header, ids, replyAction };
  if ((parsed.data.header.version ?? '1.0.0') !== '1.0.0')
    return { reject: reply.reject(h, 'rjct.version.invalid', 'Only version 1.0.0 is spoken') };
  if (parsed.data.header.action !== action)
    return { reject: reply.reject(h, 'rjct.action.invalid', `This path expects action "${action}"`) };
  return h;
}
