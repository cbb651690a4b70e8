import { z } from 'zod';

/**
 * What a sender's record says the person receives (DCI IBR Beneficiary): the programmes it carries
 * (`programme_identifier[]`, each with its enrolment date and status and, under `benefit`, the latest
 * benefit paid), one `status_change_date` per programme in the same order, and each programme's Khmer
 * name in the Member's additional_attributes (`programme_name_km:{programme identifier}`). The names
 * are the client's contract (README "registry contract"), spelt out here apart from lib/camdx so that
 * one mistake cannot pass both sides.
 */
export const ENROLMENT_LABEL: Record<string, string> = {
  '1': 'Active',
  '2': 'Deceased',
  '3': 'Graduated',
  '4': 'Suspended',
};
export const BENEFIT_LABEL: Record<string, string> = {
  '1': 'Cash',
  '2': 'Voucher',
  '3': 'In-kind',
  '4': 'Training',
  '5': 'Work Opportunity',
  '6': 'Insurance',
};
const NAME_KM_PREFIX = 'programme_name_km:';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/);
const benefit = z.object({
  benefit_type: z.enum(Object.keys(BENEFIT_LABEL) as [string, ...string[]]),
  benefit_date: isoDate,
  // "KHR 120000", "USD 12.50": an ISO 4217 code and the amount in major units.
  benefit_value: z
    .string()
    .regex(/^[A-Z]{3} \d+(\.\d+)?$/)
    .optional(),
});
const programme = z.object({
  programme_identifier: z.string().min(1).max(99),
  programme_name: z.string().min(1).max(500),
  enrolment_date: isoDate,
  enrolment_status: z.enum(Object.keys(ENROLMENT_LABEL) as [string, ...string[]]),
  benefit: z.array(benefit).max(1).optional(),
});

/** The Beneficiary's programme part, checked as the registry checks a record's identity part. */
export const beneficiaryData = z.object({
  programme_identifier: z.array(programme).max(50).default([]),
  status_change_date: z.array(isoDate).optional(),
});

/** One programme as the registry holds it for a person, per sender record. */
export interface HeldProgramme {
  programme_identifier: string;
  programme_name: string;
  programme_name_km?: string;
  enrolment_date: string;
  enrolment_status: string;
  status_change_date?: string;
  latest_benefit?: z.infer<typeof benefit>;
  /** When the registry last heard it. */
  received: string;
}

export function heldProgrammes(
  data: z.infer<typeof beneficiaryData>,
  attrs: Map<string, string>,
  received: string,
): HeldProgramme[] {
  return data.programme_identifier.map((p, i) => {
    const nameKm = attrs.get(`${NAME_KM_PREFIX}${p.programme_identifier}`);
    const statusDate = data.status_change_date?.[i];
    const latest = p.benefit?.[0];
    return {
      programme_identifier: p.programme_identifier,
      programme_name: p.programme_name,
      ...(nameKm ? { programme_name_km: nameKm } : {}),
      enrolment_date: p.enrolment_date,
      enrolment_status: p.enrolment_status,
      ...(statusDate ? { status_change_date: statusDate } : {}),
      ...(latest ? { latest_benefit: latest } : {}),
      received,
    };
  });
}

/** The programmes in DCI form, as a search answer carries them (Programme, its latest Benefit under `benefit`). */
export function asDciProgrammes(held: HeldProgramme[]) {
  return held.map((p) => ({
    programme_identifier: p.programme_identifier,
    programme_name: p.programme_name,
    enrolment_date: p.enrolment_date,
    enrolment_status: p.enrolment_status,
    ...(p.latest_benefit ? { benefit: [p.latest_benefit] } : {}),
  }));
}

/** The programmes with their codes spelt out, for a developer or a test reading the peer's state. */
export function readable(held: HeldProgramme[]) {
  return held.map((p) => ({
    ...p,
    enrolment_status_label: ENROLMENT_LABEL[p.enrolment_status],
    ...(p.latest_benefit
      ? {
          latest_benefit: { ...p.latest_benefit, benefit_type_label: BENEFIT_LABEL[p.latest_benefit.benefit_type] },
        }
      : {}),
  }));
}
