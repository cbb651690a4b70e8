import 'server-only';
import type { Disability, Sex } from '@/db/schema/households';
import { WG_DOMAINS } from '@/db/schema/households';
import { cleanText } from '@/lib/text/normalise';

/**
 * A member as the registry needs it: identity data only. Phase 2 fills it from a members row and its
 * household (village, address line); nothing here reads the database.
 */
export interface RegistryMember {
  /** members.id: the registry links it to the SPID for this sender. */
  localId: string;
  /** Khmer ID (9 digits), when known. */
  khmerId?: string | null;
  surnameKm: string;
  givenNameKm: string;
  surnameLatin?: string | null;
  givenNameLatin?: string | null;
  sex: Sex;
  /** YYYY-MM-DD, or null when only the (estimated) year is known. */
  birthDate?: string | null;
  birthYear: number;
  birthEstimated: boolean;
  /** Gazetteer village code (8 digits); commune, district and province are its prefixes. */
  villageCode: string;
  addressLine?: string | null;
  /** E.164 numbers (+855…). */
  phones?: string[];
  hasDisability: boolean;
  disability?: Disability | null;
}

/**
 * DCI IBR EnrollmentStatusEnum (spdci-schemas extensions/ibr/v1/code/EnrollmentStatusEnum.jsonld): its
 * labels and the codes that go on the wire (`benefit:1` … `benefit:4`; the JSON-LD enum's values).
 */
export const DCI_ENROLMENT_CODE = { Active: '1', Deceased: '2', Graduated: '3', Suspended: '4' } as const;
export type DciEnrolmentLabel = keyof typeof DCI_ENROLMENT_CODE;

/** The most recent benefit paid in a programme (DCI IBR Benefit): a reconciled, paid payment line. */
export interface LatestBenefit {
  /** BenefitTypeEnum code ('1' cash, '2' voucher, '3' in-kind). */
  typeCode: string;
  /** YYYY-MM-DD the payment was made. */
  date: string;
  /** Whole minor units (riel; US cents). */
  amountMinor: number;
  currency: 'KHR' | 'USD';
}

/** One programme the member carries: their own enrolment, or (for the household's head) the household's. */
export interface ProgrammeEnrolment {
  /** Scoped by the operator: `{operator code}/{programme code}` (see programmeIdentifier). */
  programmeId: string;
  /** DCI's programme_name is one string: the English name goes there, the Khmer name alongside. */
  programmeName: string;
  programmeNameKm: string;
  /** YYYY-MM-DD */
  enrolmentDate: string;
  status: DciEnrolmentLabel;
  /** YYYY-MM-DD the status last changed (the enrolment date while it never did). */
  statusDate: string;
  latestBenefit: LatestBenefit | null;
}

/**
 * The member's registration with the operator: what the Beneficiary's own (required) enrolment date
 * and status say when the member carries no programme.
 */
export interface Registration {
  /** YYYY-MM-DD */
  date: string;
  status: DciEnrolmentLabel;
}

/**
 * A programme code made unique across the operators one X-Road client serves: operator codes are
 * `[A-Z][A-Z0-9]{1,9}` and programme codes unique within their operator, so `PWDF/DISABILITY-2026`
 * names one programme, as the sender and represented party scope our LOCAL ids.
 */
export function programmeIdentifier(operatorCode: string, programmeCode: string): string {
  return `${operatorCode}/${programmeCode}`;
}

/**
 * Staff's answer to a de-duplication review, told to the registry by the member's next version:
 * `same` — the member is the person `spid` (or the registry's candidate when null); `distinct` — a
 * different person than `spid`, so the registry gives a new SPID. `referenceId` is the version it held.
 */
export interface ReviewAnswer {
  kind: 'same' | 'distinct';
  referenceId: string;
  spid: string | null;
}

export interface EnrollmentRecord {
  /** Stable per record version: the registry's idempotency key (see recordReferenceId). */
  referenceId: string;
  member: RegistryMember;
  registration: Registration;
  /** The programmes the member carries (DCI IBR Beneficiary data); empty when none. */
  programmes: ProgrammeEnrolment[];
  review?: ReviewAnswer;
}

/** One reference id per version of a member's record: a resend of that version is a replay. */
export function recordReferenceId(memberId: string, version: number): string {
  return `${memberId}.v${version}`;
}

/** Identifier type of our own member id; the sender (X-Road client and represented party) scopes it. */
export const LOCAL_ID_TYPE = 'LOCAL';
export const NID_TYPE = 'NID';
export const SPID_TYPE = 'SPID';
/** On a pdng answer: the SPID of the person the registry thinks the record may be (our contract). */
export const CANDIDATE_SPID_TYPE = 'SPID_CANDIDATE';

/** additional_attributes names of a review answer (README, "registry contract"). */
export const REVIEW_ATTRIBUTES = {
  decision: 'dedup_decision',
  referenceId: 'dedup_reference_id',
  spid: 'dedup_spid',
} as const;
export const REVIEW_DECISION_VALUES = { same: 'same_person', distinct: 'distinct_person' } as const;

// Code lists from spdci-schemas: FunctionalLimitationType and FunctionalSeverityEnum (core; the
// Washington Group short set, as ours is).
const WG_TYPE = {
  seeing: 'VIS_SS',
  hearing: 'HEAR_SS',
  walking: 'MOB_SS',
  cognition: 'COG_SS',
  selfCare: 'SC_SS',
  communication: 'COM_SS',
} as const;
const WG_SEVERITY = { none: '1', some: '2', aLot: '3', cannot: '4' } as const;

const IBR_CONTEXT = { '@vocab': 'https://schema.spdci.org/extensions/ibr/v1' };

function attribute(name: string, value: string) {
  return { name, value };
}

function disabilityInfo(d: Disability | null | undefined) {
  if (!d) return [];
  return WG_DOMAINS.flatMap((domain) => {
    const level = d[domain];
    return level ? [{ disability_limitation_type: WG_TYPE[domain], functional_severity: WG_SEVERITY[level] }] : [];
  });
}

function reviewAttributes(review: ReviewAnswer | undefined) {
  if (!review) return [];
  const out = [
    attribute(REVIEW_ATTRIBUTES.decision, REVIEW_DECISION_VALUES[review.kind]),
    attribute(REVIEW_ATTRIBUTES.referenceId, review.referenceId),
  ];
  if (review.spid) out.push(attribute(REVIEW_ATTRIBUTES.spid, review.spid));
  return out;
}

/** Our member as a DCI IBR Beneficiary (assistance unit 1 = the member) with its Person and Member parts. */
export function toBeneficiary(record: EnrollmentRecord) {
  const m = record.member;
  const identifiers = [{ identifier_type: LOCAL_ID_TYPE, identifier_value: m.localId }];
  if (m.khmerId) identifiers.push({ identifier_type: NID_TYPE, identifier_value: m.khmerId });
  const name: { surname?: string; given_name?: string } = {};
  if (m.surnameLatin) name.surname = cleanText(m.surnameLatin);
  if (m.givenNameLatin) name.given_name = cleanText(m.givenNameLatin);
  // DCI's Name has no script: the Latin form goes there, the Khmer form (the legal one) alongside.
  const attributes = [
    attribute('surname_km', cleanText(m.surnameKm)),
    attribute('given_name_km', cleanText(m.givenNameKm)),
    attribute('village_code', m.villageCode),
  ];
  if (m.birthEstimated || !m.birthDate) attributes.push(attribute('birth_date_estimated', 'true'));
  attributes.push(...reviewAttributes(record.review));
  // "Same person": the record claims that person's SPID as its own identifier too.
  if (record.review?.kind === 'same' && record.review.spid)
    identifiers.push({ identifier_type: SPID_TYPE, identifier_value: record.review.spid });
  const address: Record<string, string> = {
    region_code: m.villageCode.slice(0, 2),
    sub_region_code: m.villageCode.slice(0, 4),
    country_code: 'KH',
  };
  if (m.addressLine) address.address_line_1 = cleanText(m.addressLine);
  const disability = disabilityInfo(m.disability);
  attributes.push(
    ...record.programmes.map((p) => attribute(programmeNameKmAttribute(p.programmeId), p.programmeNameKm)),
  );
  const lead = leadProgramme(record);
  return {
    '@context': IBR_CONTEXT,
    '@type': 'Beneficiary',
    reference_id: record.referenceId,
    assistance_unit: '1',
    member: {
      member_identifier: [identifiers[0]!],
      demographic_info: {
        identifier: identifiers,
        ...(Object.keys(name).length ? { name } : {}),
        sex: m.sex === 'F' ? 'female' : 'male',
        // ISO 8601 allows a year alone for a birth year that is all we know.
        birth_date: m.birthDate && !m.birthEstimated ? m.birthDate : String(m.birthYear),
        address: [address],
        phone_number: m.phones ?? [],
      },
      is_disabled: m.hasDisability,
      ...(disability.length ? { disability_info: disability } : {}),
      additional_attributes: attributes,
    },
    programme_identifier: record.programmes.map(toProgramme),
    // The Beneficiary's own date and status are those of its lead programme (the programmes come in
    // that order), or the member's registration with the operator when it carries none.
    enrollment_date: lead.date,
    enrollment_status: DCI_ENROLMENT_CODE[lead.status],
    // One date per programme, in programme_identifier's order (Programme has no status date of its own).
    ...(record.programmes.length ? { status_change_date: record.programmes.map((p) => p.statusDate) } : {}),
    // The latest benefit of each programme that has paid one (also under its Programme, which ties them).
    benefits: record.programmes.flatMap((p) => (p.latestBenefit ? [toBenefit(p.latestBenefit)] : [])),
  };
}

/** Member additional_attributes name carrying a programme's Khmer name (DCI's programme_name is one string). */
export function programmeNameKmAttribute(programmeId: string): string {
  return `programme_name_km:${programmeId}`;
}

function leadProgramme(record: EnrollmentRecord): { date: string; status: DciEnrolmentLabel } {
  const first = record.programmes[0];
  if (!first) return record.registration;
  // A death is the person's, whatever the programmes still say until staff close them.
  return {
    date: first.enrolmentDate,
    status: record.registration.status === 'Deceased' ? 'Deceased' : first.status,
  };
}

/** Minor units as DCI's Currency value, `{ISO 4217} {amount}` as the spdci samples write it: riel whole, USD with cents. */
export function benefitValue(amountMinor: number, currency: LatestBenefit['currency']): string {
  if (currency === 'KHR') return `KHR ${amountMinor}`;
  const cents = Math.abs(amountMinor) % 100;
  return `USD ${Math.trunc(amountMinor / 100)}.${String(cents).padStart(2, '0')}`;
}

function toBenefit(b: LatestBenefit) {
  return {
    '@context': IBR_CONTEXT,
    '@type': 'Benefit',
    benefit_type: b.typeCode,
    benefit_date: b.date,
    benefit_value: benefitValue(b.amountMinor, b.currency),
  };
}

function toProgramme(p: ProgrammeEnrolment) {
  return {
    // Programme.jsonld requires its own @context and @type, and the enrolment date and status.
    '@context': IBR_CONTEXT,
    '@type': 'Programme',
    programme_identifier: p.programmeId,
    programme_name: p.programmeName,
    enrolment_date: p.enrolmentDate,
    enrolment_status: DCI_ENROLMENT_CODE[p.status],
    ...(p.latestBenefit ? { benefit: [toBenefit(p.latestBenefit)] } : {}),
  };
}

export type DciBeneficiary = ReturnType<typeof toBeneficiary>;
