import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CallContext, CallMeta, CamdxClient, MessageIdentity } from './client';
import { dciStatus, envelope, identifiersOf, requestHeader, spidOf, type DciStatus, type ResponseHeader } from './dci';
import { CamdxError, classifyDciCode } from './errors';
import { formatId } from './identifiers';
import {
  CANDIDATE_SPID_TYPE,
  DCI_ENROLMENT_CODE,
  LOCAL_ID_TYPE,
  toBeneficiary,
  type DciEnrolmentLabel,
  type EnrollmentRecord,
} from './member';

// ibr_api_v1.0.0.yaml paths below the SPR service id.
const PATHS = {
  updates: '/registry/sync/enrollment/updates',
  search: '/registry/sync/search',
  txnStatus: '/registry/sync/txn/status',
} as const;

export const MAX_BATCH = 500;

/**
 * What became of one record in the registry. succ: SPID assigned (new or matched); pdng: held for
 * de-duplication review; rjct: refused; awaiting: the registry has it but its result is not known yet
 * (an ACK, a record `rcvd`, or a status answer that does not mention it): asked again with txn/status;
 * unknown: the registry never got it (sent again).
 */
export type OutcomeStatus = Exclude<DciStatus, 'rcvd'> | 'awaiting' | 'unknown';

export interface RecordOutcome {
  referenceId: string;
  status: OutcomeStatus;
  spid?: string;
  /** For pdng: the SPID of the person the registry holds it may be (when the registry says). */
  candidateSpid?: string;
  reasonCode?: string;
  /** The registry's words; may name a person, so shown to staff, never logged. */
  reasonMessage?: string;
  /** For rjct: whether sending it again later may succeed (err.service.unavailable and the like). */
  retryable?: boolean;
}

export interface EnrollmentBatch {
  /** The sync batch: X-Road-Issue and the DCI transaction_id. */
  batchId: string;
  records: EnrollmentRecord[];
}

export interface PushResult {
  outcomes: RecordOutcome[];
  correlationId?: string;
  /** True when the registry had this message already (its response was lost) and txn/status answered. */
  recovered: boolean;
  /** True when the registry only acknowledged the message (ack_status ACK): every outcome is 'awaiting'. */
  acknowledged?: boolean;
  meta: CallMeta;
}

const transactionId = z.string().min(1).max(99);

function messageRejection(header: ResponseHeader, meta: CallMeta): CamdxError {
  const code = header.status_reason_code ?? 'rjct';
  const c = classifyDciCode(code);
  return new CamdxError('business', code, c.retryable, `Registry rejected the message (${code})`, {
    status: meta.status,
    xRoadId: meta.xRoadId,
  });
}

// A reason code the schema has no field (or no enum value) for travels at the start of
// status_reason_message: "pdng.dedup.review: possible duplicate" (README, registry contract).
const CODE_IN_MESSAGE = /^((?:pdng|rjct|err|succ)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)(?::\s*|\s*$)/i;

/** The reason code and the registry's words, from the code field or the start of the message. */
export function reasonOf(item: { status_reason_code?: string; status_reason_message?: string }): {
  code?: string;
  message?: string;
} {
  const text = item.status_reason_message;
  if (item.status_reason_code) return { code: item.status_reason_code, ...(text ? { message: text } : {}) };
  const m = text ? CODE_IN_MESSAGE.exec(text) : null;
  if (!m) return text ? { message: text } : {};
  const rest = text!.slice(m[0].length).trim();
  return { code: m[1]!.toLowerCase(), ...(rest ? { message: rest } : {}) };
}

function outcome(
  item: { reference_id: string; status: DciStatus; status_reason_code?: string; status_reason_message?: string },
  spid: string | undefined,
  candidateSpid?: string,
): RecordOutcome {
  const status: OutcomeStatus = item.status === 'rcvd' ? 'awaiting' : item.status;
  const out: RecordOutcome = { referenceId: item.reference_id, status };
  if (spid && status === 'succ') out.spid = spid;
  if (candidateSpid && status === 'pdng') out.candidateSpid = candidateSpid;
  const reason = reasonOf(item);
  if (reason.code) out.reasonCode = reason.code;
  if (reason.message) out.reasonMessage = reason.message;
  if (status === 'rjct') out.retryable = classifyDciCode(reason.code ?? '').retryable;
  return out;
}

/** One outcome per requested reference id, in request order; one the answer does not mention gets `missing`. */
function inOrder(referenceIds: string[], outcomes: RecordOutcome[], missing: 'unknown' | 'awaiting'): RecordOutcome[] {
  const byRef = new Map(outcomes.map((o) => [o.referenceId, o]));
  return referenceIds.map((id) => byRef.get(id) ?? { referenceId: id, status: missing });
}

const candidateOf = (ids: { identifier_type: string; identifier_value: string }[]) =>
  ids.find((x) => x.identifier_type === CANDIDATE_SPID_TYPE)?.identifier_value;

const updatesResponse = envelope(
  z.object({
    transaction_id: z.string().optional(),
    correlation_id: z.string().optional(),
    enrolled_response: z.array(
      z.object({
        reference_id: z.string(),
        status: dciStatus,
        status_reason_code: z.string().optional(),
        status_reason_message: z.string().optional(),
        identifiers: z.array(z.unknown()).optional(),
      }),
    ),
  }),
);

/**
 * The IBR's acknowledgement (components/responses/Response): the message was accepted and its results
 * follow. Over X-Road no callback reaches us, so they are fetched with txn/status.
 */
const ackResponse = z.object({
  message: z.object({
    ack_status: z.enum(['ACK', 'NACK', 'ERR']),
    timestamp: z.string().optional(),
    correlation_id: z.string().optional(),
    error: z.object({ code: z.string(), message: z.string().optional() }).optional(),
  }),
});
const updatesAnswer = z.union([updatesResponse, ackResponse]);

/**
 * Push member records (IBR enrollment updates, action "notify"). Retries reuse the message's identity;
 * if the registry had committed a first attempt whose response was lost, it answers
 * `rjct.message_id.duplicate`, and the outcomes are then fetched with txn/status.
 */
export async function pushEnrollmentUpdates(
  client: CamdxClient,
  batch: EnrollmentBatch,
  ctx: CallContext & { message: MessageIdentity },
): Promise<PushResult> {
  if (batch.records.length === 0 || batch.records.length > MAX_BATCH) {
    throw new CamdxError('input', 'BATCH_SIZE', false, `A batch holds 1–${MAX_BATCH} records`);
  }
  if (!transactionId.safeParse(batch.batchId).success)
    throw new CamdxError('input', 'BATCH_ID', false, 'batchId must be 1–99 characters');
  const referenceIds = batch.records.map((r) => r.referenceId);
  if (new Set(referenceIds).size !== referenceIds.length)
    throw new CamdxError('input', 'REFERENCE_ID_REPEATED', false, 'reference ids repeat in the batch');
  const { config } = client;
  const header = {
    ...requestHeader({
      messageId: ctx.message.id,
      action: 'notify',
      sender: formatId(config.client),
      receiver: formatId(config.sprService),
      totalCount: batch.records.length,
    }),
    // MsgCallbackHeader_V1.0.0 requires a status: these enrolments are done on our side.
    status: 'succ' as const,
  };
  const body = {
    header,
    message: { transaction_id: batch.batchId, enrolled_updates: { beneficiaries: batch.records.map(toBeneficiary) } },
  };
  const { data, meta } = await client.call({
    service: config.sprService,
    method: 'POST',
    path: PATHS.updates,
    body,
    schema: updatesAnswer,
    ctx: { ...ctx, issue: ctx.issue ?? batch.batchId },
  });
  if (!('header' in data)) {
    const ack = data.message;
    if (ack.ack_status === 'ERR') {
      const code = ack.error?.code ?? 'err.request.bad';
      throw new CamdxError(
        'business',
        code,
        classifyDciCode(code).retryable,
        `Registry refused the message (${code})`,
        {
          status: meta.status,
          xRoadId: meta.xRoadId,
        },
      );
    }
    // ACK (results to follow) and NACK (valid, nothing more will be pushed): either way it has the
    // records, and their results are asked for with txn/status.
    return {
      outcomes: referenceIds.map((referenceId) => ({ referenceId, status: 'awaiting' })),
      correlationId: ack.correlation_id,
      recovered: false,
      acknowledged: true,
      meta,
    };
  }
  if (data.header.status === 'rjct') {
    if (data.header.status_reason_code === 'rjct.message_id.duplicate') {
      const status = await txnStatus(client, referenceIds, {
        ...ctx,
        message: undefined,
        issue: ctx.issue ?? batch.batchId,
      });
      return { outcomes: status.outcomes, correlationId: status.correlationId, recovered: true, meta };
    }
    throw messageRejection(data.header, meta);
  }
  const items = data.message?.enrolled_response ?? [];
  // `identifiers` is our extension (not in the IBR schema): used when there, else the SPID is looked up.
  const outcomes = items.map((i) => {
    const ids = identifiersOf({ identifiers: i.identifiers ?? [] });
    return outcome(i, spidOf(ids), candidateOf(ids));
  });
  return {
    outcomes: inOrder(referenceIds, outcomes, 'unknown'),
    correlationId: data.message?.correlation_id,
    recovered: false,
    meta,
  };
}

const searchItem = z.object({
  reference_id: z.string(),
  status: dciStatus,
  status_reason_code: z.string().optional(),
  status_reason_message: z.string().optional(),
  data: z.object({ reg_records: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]) }).optional(),
});
type SearchItem = z.infer<typeof searchItem>;

function records(item: SearchItem): unknown[] {
  const r = item.data?.reg_records;
  if (!r) return [];
  return Array.isArray(r) ? r : [r];
}

const searchResponse = envelope(
  z.object({
    transaction_id: z.string().optional(),
    correlation_id: z.string().optional(),
    search_response: z.array(searchItem),
  }),
);

export type RegistryQuery = { type: 'SPID' | 'NID'; value: string };

/** A programme the registry holds for a person (IBR Programme), as far as its answer says. */
export interface HeldProgramme {
  programmeId: string;
  name: string;
  /** The EnrollmentStatusEnum label; undefined for a code outside the enum. */
  status?: DciEnrolmentLabel;
  enrolmentDate?: string;
  latestBenefit?: { typeCode: string; date: string; value?: string };
}

export interface RegistrySearchResult {
  status: DciStatus;
  reasonCode?: string;
  /** The people found, by their identifiers (SPID, NID, …), and the programmes the registry holds for them. */
  records: { spid?: string; identifiers: { type: string; value: string }[]; programmes: HeldProgramme[] }[];
  meta: CallMeta;
}

const LABEL_OF = new Map<string, DciEnrolmentLabel>(
  Object.entries(DCI_ENROLMENT_CODE).map(([label, code]) => [code, label as DciEnrolmentLabel]),
);
const heldProgramme = z.object({
  programme_identifier: z.string(),
  programme_name: z.string(),
  enrolment_status: z.string().optional(),
  enrolment_date: z.string().optional(),
  benefit: z
    .array(z.object({ benefit_type: z.string(), benefit_date: z.string(), benefit_value: z.string().optional() }))
    .optional(),
});
const withProgrammes = z.object({ programme_identifier: z.array(z.unknown()) });

/** The programmes a record carries (Beneficiary.programme_identifier); entries that cannot be read are left out. */
function programmesOf(record: unknown): HeldProgramme[] {
  const list = withProgrammes.safeParse(record);
  if (!list.success) return [];
  return list.data.programme_identifier.flatMap((raw) => {
    const p = heldProgramme.safeParse(raw);
    if (!p.success) return [];
    const b = p.data.benefit?.at(-1);
    const status = p.data.enrolment_status ? LABEL_OF.get(p.data.enrolment_status) : undefined;
    return [
      {
        programmeId: p.data.programme_identifier,
        name: p.data.programme_name,
        ...(status ? { status } : {}),
        ...(p.data.enrolment_date ? { enrolmentDate: p.data.enrolment_date } : {}),
        ...(b
          ? {
              latestBenefit: {
                typeCode: b.benefit_type,
                date: b.benefit_date,
                ...(b.benefit_value ? { value: b.benefit_value } : {}),
              },
            }
          : {}),
      },
    ];
  });
}

const QUERY_VALUE = { NID: /^\d{9}$/, SPID: /^[A-Za-z0-9-]{1,64}$/ } as const;

/**
 * One registry/sync/search message of `idtype-value` queries (a SPID or Khmer ID lookup, or a batch of
 * LOCAL ids); a rejected message throws. Each query's answer is matched by its reference id.
 */
async function postSearch(
  client: CamdxClient,
  ctx: CallContext,
  messageId: string,
  queries: { referenceId: string; type: string; value: string }[],
) {
  const { config } = client;
  const timestamp = new Date().toISOString();
  const body = {
    header: requestHeader({
      messageId,
      action: 'search',
      sender: formatId(config.client),
      receiver: formatId(config.sprService),
      totalCount: queries.length,
    }),
    message: {
      transaction_id: ctx.issue ?? messageId,
      search_request: queries.map((q) => ({
        reference_id: q.referenceId,
        timestamp,
        search_criteria: { version: '1.0.0', query_type: 'idtype-value', query: { type: q.type, value: q.value } },
      })),
    },
  };
  const { data, meta } = await client.call({
    service: config.sprService,
    method: 'POST',
    path: PATHS.search,
    body,
    schema: searchResponse,
    ctx: { ...ctx, message: { id: messageId } },
  });
  if (data.header.status === 'rjct') throw messageRejection(data.header, meta);
  return { data, meta };
}

/** Look a person up by SPID or Khmer ID (registry/sync/search, idtype-value). */
export async function searchRegistry(
  client: CamdxClient,
  query: RegistryQuery,
  ctx: CallContext,
): Promise<RegistrySearchResult> {
  if (!QUERY_VALUE[query.type].test(query.value))
    throw new CamdxError('input', 'QUERY', false, `Not a valid ${query.type}`);
  const messageId = ctx.message?.id ?? randomUUID();
  const { data, meta } = await postSearch(client, ctx, messageId, [
    { referenceId: messageId, type: query.type, value: query.value },
  ]);
  const item = data.message?.search_response[0];
  if (!item)
    throw new CamdxError('protocol', 'EMPTY_SEARCH_RESPONSE', false, 'The registry answered with no search response');
  const found = records(item).map((rec) => {
    const ids = identifiersOf(rec);
    return {
      spid: spidOf(ids),
      identifiers: ids.map((i) => ({ type: i.identifier_type, value: i.identifier_value })),
      programmes: programmesOf(rec),
    };
  });
  return { status: item.status, reasonCode: item.status_reason_code, records: found, meta };
}

// TxnStatusResponse.txn_status is one of two forms: a SearchResponse (per record, with status), or the
// receipt form { transaction_id, receipt_information: { beneficiaries } } listing the enrolled records.
const searchForm = z.object({ search_response: z.array(searchItem) });
const receiptForm = z.object({
  transaction_id: z.string().optional(),
  receipt_information: z.object({ beneficiaries: z.array(z.unknown()).optional() }).optional(),
});
const txnStatusResponse = envelope(
  z.object({
    transaction_id: z.string().optional(),
    correlation_id: z.string().optional(),
    txnstatus_response: z
      .object({ txn_type: z.string().optional(), txn_status: z.union([searchForm, receiptForm]).optional() })
      .optional(),
  }),
);
type TxnStatusForm = z.infer<typeof searchForm> | z.infer<typeof receiptForm>;

const withReference = z.object({ reference_id: z.string().min(1) });

/**
 * A receipt lists the records the registry enrolled: each is `succ`. It is matched to our request by
 * its reference_id, else by our LOCAL id when exactly one requested record is that member's.
 */
function receiptOutcomes(beneficiaries: unknown[], referenceIds: string[]): RecordOutcome[] {
  const requested = new Set(referenceIds);
  return beneficiaries.flatMap((b): RecordOutcome[] => {
    const ids = identifiersOf(b);
    let ref = withReference.safeParse(b).data?.reference_id;
    if (!ref || !requested.has(ref)) {
      const local = ids.find((i) => i.identifier_type === LOCAL_ID_TYPE)?.identifier_value;
      const mine = local ? referenceIds.filter((r) => r.startsWith(`${local}.`)) : [];
      ref = mine.length === 1 ? mine[0] : undefined;
    }
    if (!ref) return [];
    const spid = spidOf(ids);
    return [{ referenceId: ref, status: 'succ', ...(spid ? { spid } : {}) }];
  });
}

function txnOutcomes(form: TxnStatusForm | undefined, referenceIds: string[]): RecordOutcome[] {
  if (!form) return [];
  if ('search_response' in form) {
    return form.search_response.map((i) => {
      const ids = records(i).flatMap((r) => identifiersOf(r));
      return outcome(i, spidOf(ids), candidateOf(ids));
    });
  }
  return receiptOutcomes(form.receipt_information?.beneficiaries ?? [], referenceIds);
}

/** Current outcome of records sent before, by reference id (registry/sync/txn/status, reference_id_list). */
export async function txnStatus(
  client: CamdxClient,
  referenceIds: string[],
  ctx: CallContext,
): Promise<{ outcomes: RecordOutcome[]; correlationId?: string; meta: CallMeta }> {
  if (referenceIds.length === 0 || referenceIds.length > MAX_BATCH) {
    throw new CamdxError('input', 'BATCH_SIZE', false, `A status query holds 1–${MAX_BATCH} reference ids`);
  }
  const { config } = client;
  const messageId = ctx.message?.id ?? randomUUID();
  const body = {
    header: requestHeader({
      messageId,
      action: 'txn-status',
      sender: formatId(config.client),
      receiver: formatId(config.sprService),
      totalCount: 1,
    }),
    message: {
      transaction_id: ctx.issue ?? messageId,
      txnstatus_request: {
        reference_id: messageId,
        txn_type: 'receipt',
        attribute_type: 'reference_id_list',
        attribute_value: referenceIds,
      },
    },
  };
  const { data, meta } = await client.call({
    service: config.sprService,
    method: 'POST',
    path: PATHS.txnStatus,
    body,
    schema: txnStatusResponse,
    ctx: { ...ctx, message: { id: messageId } },
  });
  if (data.header.status === 'rjct') throw messageRejection(data.header, meta);
  // A record the answer does not mention is not known yet: asked again later, never sent again blindly.
  const outcomes = txnOutcomes(data.message?.txnstatus_response?.txn_status, referenceIds);
  return {
    outcomes: inOrder(referenceIds, outcomes, 'awaiting'),
    correlationId: data.message?.correlation_id,
    meta,
  };
}

const LOCAL_VALUE = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The SPIDs of our members, by their LOCAL id (registry/sync/search, one idtype-value query per
 * member in one message): for an answer that did not carry them. A member the registry finds no one
 * (or more than one person) for is left out: never a guessed SPID.
 */
export async function findSpidsByLocalId(
  client: CamdxClient,
  wanted: { referenceId: string; localId: string }[],
  ctx: CallContext,
): Promise<Map<string, string>> {
  if (wanted.length === 0) return new Map();
  if (wanted.length > MAX_BATCH)
    throw new CamdxError('input', 'BATCH_SIZE', false, `A search holds 1–${MAX_BATCH} queries`);
  if (wanted.some((w) => !LOCAL_VALUE.test(w.localId)))
    throw new CamdxError('input', 'QUERY', false, 'Not a valid LOCAL id');
  const { data } = await postSearch(
    client,
    ctx,
    ctx.message?.id ?? randomUUID(),
    wanted.map((w) => ({ referenceId: w.referenceId, type: LOCAL_ID_TYPE, value: w.localId })),
  );
  const found = new Map<string, string>();
  for (const item of data.message?.search_response ?? []) {
    if (item.status !== 'succ') continue;
    const spids = [...new Set(records(item).flatMap((r) => spidOf(identifiersOf(r)) ?? []))];
    if (spids.length === 1) found.set(item.reference_id, spids[0]!);
  }
  return found;
}
