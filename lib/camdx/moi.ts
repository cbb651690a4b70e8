import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Sex } from '@/db/schema/households';
import { cleanText } from '@/lib/text/normalise';
import type { CallContext, CallMeta, CamdxClient } from './client';
import { dciStatus, envelope, requestHeader, type DciStatus } from './dci';
import { CamdxConfigError, CamdxError, classifyDciCode } from './errors';
import { formatId } from './identifiers';

/**
 * The Ministry of Interior's Khmer ID (e-KYC) adapter. Its real API is not public, so this is our
 * contract until it is (camdx.md §2–3): a DCI envelope whose request carries the claimed identity as a
 * registry_core `nid_ResidentRecord` (name, local_name, gender, dob as DDMMYYYY), and whose answer says
 * only how well the claim matches — the card's own data never comes back.
 */
export const MOI_VERIFY_PATH = '/registry/sync/verify';

export interface KhmerIdClaim {
  idNumber: string;
  name: { surnameKm: string; givenNameKm: string; surnameLatin?: string | null; givenNameLatin?: string | null };
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
}

export type KhmerIdMatch = 'full' | 'partial' | 'none';

export interface KhmerIdVerification {
  /** full: every claimed attribute matches; partial: the ID exists and some match; none: unknown ID or nothing matches. */
  match: KhmerIdMatch;
  status: DciStatus;
  /** Per attribute, when the ministry said. */
  fields: { name?: boolean; birthDate?: boolean; sex?: boolean };
  reasonCode?: string;
  meta: CallMeta;
}

const verifyResponse = envelope(
  z.object({
    transaction_id: z.string().optional(),
    correlation_id: z.string().optional(),
    verify_response: z
      .array(
        z.object({
          reference_id: z.string(),
          status: dciStatus,
          status_reason_code: z.string().optional(),
          match: z.enum(['full', 'partial', 'none']).optional(),
          attributes: z
            .object({ local_name: z.boolean().optional(), dob: z.boolean().optional(), gender: z.boolean().optional() })
            .optional(),
        }),
      )
      .min(1),
  }),
);

/** YYYY-MM-DD → DDMMYYYY, the resident record's date format. */
function ddmmyyyy(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new CamdxError('input', 'BIRTH_DATE', false, 'birthDate must be YYYY-MM-DD');
  return `${m[3]}${m[2]}${m[1]}`;
}

export async function verifyKhmerId(
  client: CamdxClient,
  claim: KhmerIdClaim,
  ctx: CallContext,
): Promise<KhmerIdVerification> {
  const service = client.config.moiService;
  if (!service)
    throw new CamdxConfigError('The Ministry of Interior service id (CAMDX_MOI_SERVICE_ID) is not configured');
  if (!/^\d{9}$/.test(claim.idNumber)) throw new CamdxError('input', 'KHMER_ID', false, 'A Khmer ID is 9 digits');
  const messageId = ctx.message?.id ?? randomUUID();
  const latin = [claim.name.surnameLatin, claim.name.givenNameLatin].filter(Boolean).join(' ');
  const resident: Record<string, unknown> = {
    local_name: { language_code: 'khm', local_name: cleanText(`${claim.name.surnameKm} ${claim.name.givenNameKm}`) },
    gender: claim.sex === 'F' ? 'female' : 'male',
    dob: ddmmyyyy(claim.birthDate),
  };
  if (latin) resident.name = cleanText(latin);
  const body = {
    header: requestHeader({
      messageId,
      action: 'verify',
      sender: formatId(client.config.client),
      receiver: formatId(service),
      totalCount: 1,
    }),
    message: {
      transaction_id: ctx.issue ?? messageId,
      verify_request: [
        {
          reference_id: messageId,
          timestamp: new Date().toISOString(),
          identifier: { identifier_type: 'NID', identifier_value: claim.idNumber },
          resident_record: resident,
        },
      ],
    },
  };
  const { data, meta } = await client.call({
    service,
    method: 'POST',
    path: MOI_VERIFY_PATH,
    body,
    schema: verifyResponse,
    ctx: { ...ctx, message: { id: messageId } },
  });
  if (data.header.status === 'rjct' || !data.message) {
    const code = data.header.status_reason_code ?? 'rjct';
    throw new CamdxError(
      'business',
      code,
      classifyDciCode(code).retryable,
      `Khmer ID service rejected the message (${code})`,
      { status: meta.status },
    );
  }
  const item = data.message.verify_response[0]!;
  if (item.status === 'rjct') {
    const code = item.status_reason_code ?? 'rjct';
    throw new CamdxError(
      'business',
      code,
      classifyDciCode(code).retryable,
      `Khmer ID service rejected the request (${code})`,
      { status: meta.status },
    );
  }
  const a = item.attributes ?? {};
  return {
    match: item.match ?? 'none',
    status: item.status,
    fields: { name: a.local_name, birthDate: a.dob, sex: a.gender },
    reasonCode: item.status_reason_code,
    meta,
  };
}
