import 'server-only';
import { z } from 'zod';

/** DCI (spdci) envelope parts shared by the registry and the Khmer ID calls (camdx.md §3). */
export const DCI_VERSION = '1.0.0';

export const DCI_STATUSES = ['rcvd', 'pdng', 'succ', 'rjct'] as const;
export type DciStatus = (typeof DCI_STATUSES)[number];

export interface DciHeader {
  version: string;
  message_id: string;
  message_ts: string;
  action: string;
  sender_id: string;
  receiver_id: string;
  total_count: number;
  is_msg_encrypted: false;
  status?: DciStatus;
}

export interface DciEnvelope<M> {
  header: DciHeader;
  message: M;
}

/** A request header (MsgHeader_V1.0.0): sender_id is our X-Road client id, receiver_id the service id. */
export function requestHeader(p: {
  messageId: string;
  action: string;
  sender: string;
  receiver: string;
  totalCount: number;
}): DciHeader {
  return {
    version: DCI_VERSION,
    message_id: p.messageId,
    message_ts: new Date().toISOString(),
    action: p.action,
    sender_id: p.sender,
    receiver_id: p.receiver,
    total_count: p.totalCount,
    is_msg_encrypted: false,
  };
}

export const dciStatus = z.enum(DCI_STATUSES);

/** Response header: only what we act on is required; the rest is read when present. */
export const responseHeader = z.object({
  message_id: z.string().optional(),
  message_ts: z.string().optional(),
  action: z.string().optional(),
  status: dciStatus,
  status_reason_code: z.string().optional(),
  status_reason_message: z.string().optional(),
  total_count: z.number().optional(),
  completed_count: z.number().optional(),
});
export type ResponseHeader = z.infer<typeof responseHeader>;

/** `{signature?, header, message?}`: a message-level rejection may come without a message. */
export function envelope<M extends z.ZodType>(message: M) {
  return z.object({ signature: z.string().optional(), header: responseHeader, message: message.optional() });
}

export const identifierSchema = z.object({ identifier_type: z.string(), identifier_value: z.string() });
export type DciIdentifier = z.infer<typeof identifierSchema>;

const identifierList = z.array(z.unknown()).transform((items) =>
  items.flatMap((i) => {
    const parsed = identifierSchema.safeParse(i);
    return parsed.success ? [parsed.data] : [];
  }),
);
const withIdentifiers = z.object({
  identifier: identifierList.optional(),
  member_identifier: identifierList.optional(),
});
const recordShapes = z.object({
  identifier: identifierList.optional(),
  identifiers: identifierList.optional(),
  member_identifier: identifierList.optional(),
  demographic_info: withIdentifiers.optional(),
  member: z
    .object({ member_identifier: identifierList.optional(), demographic_info: withIdentifiers.optional() })
    .optional(),
});

/**
 * The identifiers anywhere a DCI record may carry them (Person.identifier, Member.member_identifier,
 * Beneficiary.member.demographic_info.identifier), de-duplicated. Nothing else of the record is kept.
 */
export function identifiersOf(record: unknown): DciIdentifier[] {
  const r = recordShapes.safeParse(record);
  if (!r.success) return [];
  const d = r.data;
  const all = [
    ...(d.identifier ?? []),
    ...(d.identifiers ?? []),
    ...(d.member_identifier ?? []),
    ...(d.demographic_info?.identifier ?? []),
    ...(d.demographic_info?.member_identifier ?? []),
    ...(d.member?.member_identifier ?? []),
    ...(d.member?.demographic_info?.identifier ?? []),
  ];
  const seen = new Set<string>();
  return all.filter((i) => {
    const key = `${i.identifier_type}\u0000${i.identifier_value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function spidOf(identifiers: DciIdentifier[]): string | undefined {
  return identifiers.find((i) => i.identifier_type.toUpperCase() === 'SPID')?.identifier_value;
}
