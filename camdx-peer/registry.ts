import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { khmerNameKey } from '../lib/text/normalise';
import { asDciProgrammes, beneficiaryData, heldProgrammes, readable, type HeldProgramme } from './beneficiary';
import { reply, requireHeader, type Reply } from './dci';
import { Rejections } from './rejections';
import { REVIEW_ATTRS, reviewAnswer, type ReviewAnswer } from './review-answer';
import { nextSpid } from './spid';

/**
 * The central registry (SPR) simulator behind the peer, speaking camdx.md §3: it assigns SPIDs,
 * de-duplicates, answers a replayed reference_id with its first result, refuses a replayed message_id,
 * and answers search and txn/status. Reference and message ids are scoped by the calling X-Road client.
 */
interface Identifier {
  identifier_type: string;
  identifier_value: string;
}

export interface Person {
  spid: string;
  nid?: string;
  nameKey: string;
  birth: string;
  sex: string;
  /** `client|local id` of every source record linked to this person. */
  links: string[];
  /** What each linked source record last said the person receives (IBR Beneficiary data), by link. */
  programmes?: Record<string, HeldProgramme[]>;
}

export interface RecordResult {
  reference_id: string;
  timestamp: string;
  status: 'succ' | 'pdng' | 'rjct';
  status_reason_code?: string;
  status_reason_message?: string;
  identifiers?: Identifier[];
}

interface Pending {
  candidateSpid: string;
  link: string;
  programmes?: HeldProgramme[];
  nid?: string;
  nameKey: string;
  birth: string;
  sex: string;
}

/** A record being decided: who sent it, its sender-scoped link, and its identity fields. */
interface Incoming {
  client: string;
  reference_id: string;
  timestamp: string;
  link: string;
  nid?: string;
  nameKey: string;
  birth: string;
  sex: string;
  programmes: HeldProgramme[];
}

export interface RegistryState {
  seq: number;
  persons: Person[];
  /** The first result per `client|reference_id`: what a replay gets. */
  first: Record<string, RecordResult>;
  /** The current result (a review may have settled a pending one): what txn/status gets. */
  current: Record<string, RecordResult>;
  pending: Record<string, Pending>;
  messageIds: string[];
  /** answer=ack: when each record's result becomes visible through txn/status (epoch ms). */
  ready?: Record<string, number>;
  /** Records answered with spid=search-only: their answers never carry the SPID or the extension fields. */
  strict?: Record<string, true>;
}

/** The modes one enrollment message is answered in (modes.ts). */
export interface MessageModes {
  answer: 'sync' | 'ack';
  spid: 'extension' | 'search-only';
  ackDelayMs: number;
}

// SearchStatusReasonCode (ibr_api): the only codes a search_response item's status_reason_code may hold.
const SEARCH_REASON_CODES = new Set([
  'rjct.reference_id.invalid',
  'rjct.reference_id.duplicate',
  'rjct.timestamp.invalid',
  'rjct.search_criteria.invalid',
  'rjct.filter.invalid',
  'rjct.sort.invalid',
  'rjct.pagination.invalid',
  'rjct.search.too_many_records_found',
]);

/**
 * A code the schema has no place for travels at the start of status_reason_message
 * ("pdng.dedup.review: possible duplicate: held for review"), as the README's contract says.
 */
function codeInMessage<T extends { status_reason_code?: string; status_reason_message?: string }>(
  item: T,
  keep: (code: string) => boolean,
): T {
  const { status_reason_code: code, status_reason_message: text, ...rest } = item;
  if (!code || keep(code)) return item;
  return { ...rest, status_reason_message: text ? `${code}: ${text}` : code } as T;
}

export const emptyState = (): RegistryState => ({
  seq: 0,
  persons: [],
  first: {},
  current: {},
  pending: {},
  messageIds: [],
});

const identifier = z.object({ identifier_type: z.string(), identifier_value: z.string() });
const beneficiary = beneficiaryData.extend({
  reference_id: z.string().min(1).max(99),
  member: z.object({
    demographic_info: z.object({
      identifier: z.array(identifier).min(1),
      sex: z.enum(['male', 'female', 'other', 'unknown']),
      birth_date: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/),
    }),
    additional_attributes: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  }),
});
const updatesMessage = z.object({
  transaction_id: z.string(),
  enrolled_updates: z.object({ beneficiaries: z.array(z.unknown()) }),
});

const spidId = (spid: string): Identifier[] => [{ identifier_type: 'SPID', identifier_value: spid }];

export class RegistrySim {
  /** Test-only rules that refuse chosen records (POST /__peer/rejections, see rejections.ts). */
  readonly rejections = new Rejections();

  constructor(
    public state: RegistryState,
    private readonly persist: () => void = () => {},
  ) {}

  private key = (client: string, ref: string) => `${client}|${ref}`;

  enrollmentUpdates(
    client: string,
    body: unknown,
    ids: { sender: string; receiver: string },
    modes: MessageModes = { answer: 'sync', spid: 'extension', ackDelayMs: 0 },
  ): Reply {
    const h = requireHeader(body, 'notify', ids, 'on-notify');
    if (h.reject) return h.reject;
    const message = updatesMessage.safeParse((body as { message?: unknown }).message);
    if (!message.success) return reply.bad('message must hold transaction_id and enrolled_updates.beneficiaries');
    const records = message.data.enrolled_updates.beneficiaries;
    if (h.header.total_count !== records.length)
      return reply.reject(h, 'rjct.total_count.invalid', 'total_count differs from the records sent');
    const messageKey = this.key(client, h.header.message_id);
    if (this.state.messageIds.includes(messageKey))
      return reply.reject(h, 'rjct.message_id.duplicate', 'This message_id was received before');
    this.state.messageIds.push(messageKey);
    const seen = new Set<string>();
    const results = records.map((r) => this.enrolOne(client, r, seen, modes));
    this.persist();
    if (modes.answer === 'ack') {
      // The IBR acknowledgement: accepted, results to follow (here: through txn/status, after the delay).
      return {
        status: 200,
        body: { message: { ack_status: 'ACK', timestamp: new Date().toISOString(), correlation_id: randomUUID() } },
      };
    }
    const enrolled_response = results.map((r) => (this.isStrict(client, r.reference_id) ? strictItem(r) : r));
    return reply.ok(
      h,
      { transaction_id: message.data.transaction_id, correlation_id: randomUUID(), enrolled_response },
      records.length,
    );
  }

  private isStrict(client: string, ref: string): boolean {
    return Boolean(this.state.strict?.[this.key(client, ref)]);
  }

  private enrolOne(client: string, raw: unknown, seen: Set<string>, modes: MessageModes): RecordResult {
    const timestamp = new Date().toISOString();
    const ref = z.object({ reference_id: z.string().min(1).max(99) }).safeParse(raw);
    if (!ref.success)
      return { reference_id: '', timestamp, status: 'rjct', status_reason_code: 'rjct.reference_id.invalid' };
    const reference_id = ref.data.reference_id;
    if (seen.has(reference_id))
      return { reference_id, timestamp, status: 'rjct', status_reason_code: 'rjct.reference_id.duplicate' };
    seen.add(reference_id);
    const key = this.key(client, reference_id);
    const first = this.state.first[key];
    if (first) return first;
    const refused = this.rejections.refuses(raw);
    const result: RecordResult = refused
      ? {
          reference_id,
          timestamp,
          status: 'rjct',
          status_reason_code: refused.code,
          status_reason_message: refused.message,
        }
      : this.decide(client, raw, reference_id, timestamp);
    this.state.first[key] = result;
    this.state.current[key] = result;
    if (modes.answer === 'ack') (this.state.ready ??= {})[key] = Date.now() + modes.ackDelayMs;
    if (modes.spid === 'search-only') (this.state.strict ??= {})[key] = true;
    return result;
  }

  private decide(client: string, raw: unknown, reference_id: string, timestamp: string): RecordResult {
    const invalid = (why: string): RecordResult => ({
      reference_id,
      timestamp,
      status: 'rjct',
      status_reason_code: 'rjct.record.invalid',
      status_reason_message: why,
    });
    const parsed = beneficiary.safeParse(raw);
    if (!parsed.success)
      return invalid(`invalid record at ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const person = parsed.data.member.demographic_info;
    const attrs = new Map(parsed.data.member.additional_attributes.map((a) => [a.name, a.value]));
    const local = person.identifier.find((i) => i.identifier_type === 'LOCAL')?.identifier_value;
    const nid = person.identifier.find((i) => i.identifier_type === 'NID')?.identifier_value;
    const surname = attrs.get('surname_km');
    const given = attrs.get('given_name_km');
    if (!local) return invalid('no LOCAL identifier');
    if (nid !== undefined && !/^\d{9}$/.test(nid)) return invalid('NID must be 9 digits');
    if (!surname || !given) return invalid('Khmer-script names (surname_km, given_name_km) are required');
    const rec: Incoming = {
      client,
      reference_id,
      timestamp,
      link: `${client}|${local}`,
      nid,
      nameKey: khmerNameKey(surname, given),
      birth: person.birth_date,
      sex: person.sex,
      programmes: heldProgrammes(parsed.data, attrs, timestamp),
    };
    const answer = reviewAnswer(attrs, person.identifier);
    if (answer === 'invalid')
      return invalid(
        `${REVIEW_ATTRS.decision} must be same_person or distinct_person, with ${REVIEW_ATTRS.referenceId}`,
      );
    return answer ? this.answered(rec, answer) : this.match(rec);
  }

  private succ(rec: Incoming, p: Person, how: string): RecordResult {
    if (!p.links.includes(rec.link)) p.links.push(rec.link);
    // The record is the sender's whole current view: it replaces what that record said before.
    hold(p, rec.link, rec.programmes);
    if (rec.nid && !p.nid) p.nid = rec.nid;
    return {
      reference_id: rec.reference_id,
      timestamp: rec.timestamp,
      status: 'succ',
      status_reason_message: how,
      identifiers: spidId(p.spid),
    };
  }

  /** De-duplication: this sender's record seen before, the same NID, a look-alike (held), else a new person. */
  private match(rec: Incoming, ruledOut?: string): RecordResult {
    // Locals, and the most selective test first: these scans run over every person for every record.
    const { link, nid, nameKey, birth, sex } = rec;
    const linked = this.state.persons.find((p) => p.links.includes(link));
    if (linked) return this.succ(rec, linked, 'updated');
    const byNid = nid ? this.state.persons.find((p) => p.nid === nid) : undefined;
    if (byNid) return this.succ(rec, byNid, 'matched by NID');
    const lookalike = this.state.persons.find(
      (p) =>
        p.nameKey === nameKey &&
        p.birth === birth &&
        p.sex === sex &&
        !(p.nid && nid && p.nid !== nid) &&
        p.spid !== ruledOut,
    );
    if (lookalike) {
      this.state.pending[this.key(rec.client, rec.reference_id)] = {
        candidateSpid: lookalike.spid,
        link: rec.link,
        nid: rec.nid,
        nameKey: rec.nameKey,
        birth: rec.birth,
        sex: rec.sex,
        programmes: rec.programmes,
      };
      return {
        reference_id: rec.reference_id,
        timestamp: rec.timestamp,
        status: 'pdng',
        status_reason_code: 'pdng.dedup.review',
        status_reason_message: 'possible duplicate: held for review',
        identifiers: [{ identifier_type: 'SPID_CANDIDATE', identifier_value: lookalike.spid }],
      };
    }
    return this.succ(
      rec,
      this.newPerson({ nid: rec.nid, nameKey: rec.nameKey, birth: rec.birth, sex: rec.sex }),
      'new',
    );
  }

  /**
   * The sender's review answer (README "registry contract"): it must be about this record — the version
   * held for review with that candidate, or a person this record is linked to. Same person: that SPID.
   * Distinct: never that person; de-duplication runs again without it (the NID still decides).
   */
  private answered(rec: Incoming, answer: ReviewAnswer): RecordResult {
    const rejected = (why: string): RecordResult => ({
      reference_id: rec.reference_id,
      timestamp: rec.timestamp,
      status: 'rjct',
      status_reason_code: 'rjct.dedup_decision.invalid',
      status_reason_message: why,
    });
    const heldKey = this.key(rec.client, answer.referenceId);
    const held = this.state.pending[heldKey];
    const spid = answer.spid ?? held?.candidateSpid;
    const person = this.state.persons.find((p) => p.spid === spid);
    if (!person) return rejected('no person with that SPID');
    const about = held ? held.link === rec.link && held.candidateSpid === person.spid : person.links.includes(rec.link);
    if (!about) return rejected('the decision does not match the record held for review');
    let result: RecordResult;
    if (answer.kind === 'same') {
      if (person.nid && rec.nid && person.nid !== rec.nid) return rejected('that person has another NID');
      result = this.succ(rec, person, 'reviewed by the sender: same person');
    } else {
      if (rec.nid && person.nid === rec.nid) return rejected('that person has this NID: the same person');
      person.links = person.links.filter((l) => l !== rec.link);
      delete person.programmes?.[rec.link];
      result = this.match(rec, person.spid);
    }
    if (held) {
      delete this.state.pending[heldKey];
      this.state.current[heldKey] = { ...result, reference_id: answer.referenceId };
    }
    return result;
  }

  private newPerson(p: Omit<Person, 'spid' | 'links'>): Person {
    this.state.seq += 1;
    const created: Person = { ...p, spid: nextSpid(this.state.seq), links: [] };
    this.state.persons.push(created);
    return created;
  }

  /**
   * Test/dev only (POST /__peer/persons): a person the registry already holds from another X-Road client
   * (another programme's record), so that a record the app sends can meet it — e.g. as a look-alike held
   * for review. Refused (null) when that NID or that client's local id is already held.
   */
  seedPerson(p: {
    client: string;
    localId: string;
    surnameKm: string;
    givenNameKm: string;
    birth: string;
    sex: string;
    nid?: string;
  }): Person | null {
    const link = `${p.client}|${p.localId}`;
    if (this.state.persons.some((x) => (p.nid && x.nid === p.nid) || x.links.includes(link))) return null;
    const person = this.newPerson({
      nameKey: khmerNameKey(p.surnameKm, p.givenNameKm),
      birth: p.birth,
      sex: p.sex,
      ...(p.nid ? { nid: p.nid } : {}),
    });
    person.links.push(link);
    this.persist();
    return person;
  }

  /** Settles a pending record as the same person as its candidate, or as a new person. */
  review(referenceId: string, decision: 'same' | 'different', client?: string): RecordResult | null {
    const key = Object.keys(this.state.pending).find((k) =>
      client ? k === this.key(client, referenceId) : k.endsWith(`|${referenceId}`),
    );
    if (!key) return null;
    const p = this.state.pending[key]!;
    delete this.state.pending[key];
    const person =
      decision === 'same'
        ? this.state.persons.find((x) => x.spid === p.candidateSpid)!
        : this.newPerson({ nid: p.nid, nameKey: p.nameKey, birth: p.birth, sex: p.sex });
    if (!person.links.includes(p.link)) person.links.push(p.link);
    if (p.nid && !person.nid) person.nid = p.nid;
    if (p.programmes) hold(person, p.link, p.programmes);
    const result: RecordResult = {
      reference_id: this.state.current[key]!.reference_id,
      timestamp: new Date().toISOString(),
      status: 'succ',
      status_reason_message: decision === 'same' ? 'reviewed: same person' : 'reviewed: new person',
      identifiers: spidId(person.spid),
    };
    this.state.current[key] = result;
    this.persist();
    return result;
  }

  /** The registry's record of a person: identifiers and the identity fields only. */
  private record(p: Person) {
    const ids: Identifier[] = [
      ...spidId(p.spid),
      ...(p.nid ? [{ identifier_type: 'NID', identifier_value: p.nid }] : []),
    ];
    return {
      member_identifier: spidId(p.spid),
      demographic_info: { identifier: ids, sex: p.sex, birth_date: p.birth },
      programme_identifier: asDciProgrammes(programmesOf(p)),
    };
  }

  /** A person as the registry holds them, codes spelt out (GET /__peer/persons/{spid}); null when unknown. */
  personView(spid: string) {
    const p = this.state.persons.find((x) => x.spid === spid);
    if (!p) return null;
    return {
      spid: p.spid,
      ...(p.nid ? { nid: p.nid } : {}),
      sex: p.sex,
      birth_date: p.birth,
      links: p.links,
      programmes: readable(programmesOf(p)),
    };
  }

  search(client: string, body: unknown, ids: { sender: string; receiver: string }): Reply {
    const h = requireHeader(body, 'search', ids, 'on-search');
    if (h.reject) return h.reject;
    const message = z
      .object({ transaction_id: z.string(), search_request: z.array(z.unknown()).min(1) })
      .safeParse((body as { message?: unknown }).message);
    if (!message.success) return reply.bad('message must hold transaction_id and search_request');
    const item = z.object({
      reference_id: z.string(),
      search_criteria: z.object({
        query_type: z.literal('idtype-value'),
        // LOCAL: the calling client's own id of its record (who that record is linked to).
        query: z.object({ type: z.enum(['SPID', 'NID', 'LOCAL']), value: z.string() }),
      }),
    });
    const search_response = message.data.search_request.map((raw) => {
      const timestamp = new Date().toISOString();
      const parsed = item.safeParse(raw);
      const reference_id = z.object({ reference_id: z.string() }).safeParse(raw).data?.reference_id ?? '';
      if (!parsed.success)
        return { reference_id, timestamp, status: 'rjct', status_reason_code: 'rjct.search_criteria.invalid' };
      const { type, value } = parsed.data.search_criteria.query;
      const link = `${client}|${value}`;
      const found = this.state.persons.filter((p) =>
        type === 'SPID' ? p.spid === value : type === 'NID' ? p.nid === value : p.links.includes(link),
      );
      return {
        reference_id,
        timestamp,
        status: 'succ',
        data: { version: '1.0.0', reg_records: found.map((p) => this.record(p)) },
      };
    });
    return reply.ok(
      h,
      { transaction_id: message.data.transaction_id, correlation_id: randomUUID(), search_response },
      search_response.length,
    );
  }

  txnStatus(
    client: string,
    body: unknown,
    ids: { sender: string; receiver: string },
    form: 'search' | 'receipt' = 'search',
  ): Reply {
    const h = requireHeader(body, 'txn-status', ids, 'txn-on-status');
    if (h.reject) return h.reject;
    const message = z
      .object({
        transaction_id: z.string(),
        txnstatus_request: z.object({
          txn_type: z.string(),
          attribute_type: z.literal('reference_id_list'),
          attribute_value: z.array(z.string()).min(1),
        }),
      })
      .safeParse((body as { message?: unknown }).message);
    if (!message.success) return reply.bad('txnstatus_request must be a reference_id_list');
    const now = Date.now();
    const refs = message.data.txnstatus_request.attribute_value;
    // A record acknowledged but not decided yet is left out: "not yet known", not "never received".
    const visible = refs.filter((ref) => (this.state.ready?.[this.key(client, ref)] ?? 0) <= now);
    const transaction_id = message.data.transaction_id;
    const correlation_id = randomUUID();
    let txn_status: unknown;
    let count: number;
    if (form === 'receipt') {
      // The receipt form lists the records enrolled (succ) only.
      const beneficiaries = visible.flatMap((ref) => {
        const r = this.state.current[this.key(client, ref)];
        if (r?.status !== 'succ') return [];
        const spid = this.isStrict(client, ref) ? undefined : r.identifiers;
        return [{ reference_id: ref, ...(spid ? { member: { member_identifier: spid } } : {}) }];
      });
      txn_status = { transaction_id, receipt_information: { beneficiaries } };
      count = beneficiaries.length;
    } else {
      const search_response = visible.map((ref) => {
        const r = this.state.current[this.key(client, ref)];
        if (!r)
          return {
            reference_id: ref,
            timestamp: new Date().toISOString(),
            status: 'rjct',
            status_reason_code: 'rjct.reference_id.invalid',
          };
        const { identifiers, ...rest } = codeInMessage(r, (c) => SEARCH_REASON_CODES.has(c));
        const shown = this.isStrict(client, ref) ? undefined : identifiers;
        return { ...rest, ...(shown ? { data: { version: '1.0.0', reg_records: [{ identifier: shown }] } } : {}) };
      });
      txn_status = { transaction_id, correlation_id, search_response };
      count = search_response.length;
    }
    return reply.ok(
      h,
      {
        transaction_id,
        correlation_id,
        txnstatus_response: { txn_type: message.data.txnstatus_request.txn_type, txn_status },
      },
      count,
    );
  }
}

/** An enrolled_response item as the IBR schema has it: no identifiers, no reason code field. */
function strictItem(r: RecordResult): RecordResult {
  const { identifiers: _ids, ...rest } = codeInMessage(r, () => false);
  void _ids;
  return rest;
}

function hold(p: Person, link: string, programmes: HeldProgramme[]): void {
  p.programmes ??= {};
  if (programmes.length) p.programmes[link] = programmes;
  else delete p.programmes[link];
}

/** Every programme a person's linked records carry (the same programme told by two records: the later). */
function programmesOf(p: Person): HeldProgramme[] {
  const byId = new Map<string, HeldProgramme>();
  for (const list of Object.values(p.programmes ?? {}))
    for (const h of list) {
      const seen = byId.get(h.programme_identifier);
      if (!seen || seen.received <= h.received) byId.set(h.programme_identifier, h);
    }
  return [...byId.values()];
}
