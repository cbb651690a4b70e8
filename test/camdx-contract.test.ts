import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benefitValue, DCI_ENROLMENT_CODE, newMessageIdentity, toBeneficiary } from '@/lib/camdx';
import { DCI_ENROLMENT_STATUS } from '@/lib/payments/values';
import { DCI_BENEFIT_TYPE } from '@/lib/programmes/values';
import { ctx, member, programme, record, peerPerFile } from './helpers/camdx';
import { contracts, problems, SPECS, specContract } from './helpers/dci-schemas';

// Every request we send is checked against the project's own contract schema
// (test/fixtures/dci/contract.schema.json) and, when the shared folder is there (CI), against the DCI
// spec files in ../shared/data/specs as well, read at test time.
const ref = peerPerFile();
const CONTRACTS = contracts();

type Sent = { header: Record<string, unknown>; message: Record<string, unknown> };
const sent = (i = 0) => JSON.parse(ref.peer.requests[i]!.body) as Sent;

const header = {
  version: '1.0.0',
  message_ts: new Date().toISOString(),
  action: 'notify',
  status: 'succ',
  sender_id: 'a',
  total_count: 0,
};
const envelope = (h: object) => ({
  header: h,
  message: { transaction_id: 't', enrolled_updates: { beneficiaries: [] } },
});

describe.runIf(SPECS)('the DCI spec files', () => {
  const spec = SPECS ? specContract() : null;

  it('resolve, except for references the upstream files misspell (pinned: a change here is a spec change)', () => {
    expect(spec!.unresolved).toEqual([
      'Beneficiary.enrollment_status → code:EnrollementStatusEnum',
      'Benefit.benefit_value → common:Currency',
      'Group.group_type → code:AssistanceUnitEnum',
      'Member.education_level → code:EducationCodeEnum',
      'Member.related_person → spdci:RelatePerson',
      'Place.geo → spdci:GeoCoordinates',
    ]);
  });

  it('name our enrolment statuses and benefit types: every label and code we send is in their code lists', () => {
    const codeList = (file: string) => {
      const doc = JSON.parse(readFileSync(path.join(SPECS!, 'spdci-schemas/extensions/ibr/v1/code', file), 'utf8')) as {
        '@graph': { '@id': string; 'rdfs:label'?: string }[];
      };
      return new Map(
        doc['@graph']
          .filter((g) => g['rdfs:label'] && /:\d+$/.test(g['@id']))
          .map((g) => [g['rdfs:label']!, g['@id'].split(':')[1]!]),
      );
    };
    const statuses = codeList('EnrollmentStatusEnum.jsonld');
    expect(Object.fromEntries(statuses)).toEqual(DCI_ENROLMENT_CODE);
    for (const label of Object.values(DCI_ENROLMENT_STATUS)) expect(statuses.has(label)).toBe(true);
    const types = codeList('BenefitTypeEnum.jsonld');
    for (const { code, label } of Object.values(DCI_BENEFIT_TYPE)) expect(types.get(label)).toBe(code);
  });

  it('refuse their own sample whose action is "register"', () => {
    const sample = JSON.parse(
      readFileSync(path.join(SPECS!, 'spdci-standards/samples/ibr/processflow1req.json'), 'utf8'),
    ) as Sent;
    expect(problems(spec!.updates, sample).join('\n')).toMatch(/\/header\/action/);
  });
});

describe.each(CONTRACTS)('$label', (contract) => {
  const validators = contract;
  const beneficiary = { validate: contract.beneficiary };

  it('has teeth: it refuses an action "register", a missing message_id, a misspelt or mistyped field', () => {
    expect(
      problems(validators.updates, envelope({ ...header, message_id: 'm', action: 'register' })).join('\n'),
    ).toMatch(/\/header\/action/);
    expect(problems(validators.updates, envelope({ ...header, message_id: 'm' }))).toEqual([]);
    expect(problems(validators.updates, envelope(header)).join('\n')).toMatch(/message_id/);
    expect(
      problems(validators.updates, envelope({ ...header, message_id: 'm', message_ts: 'yesterday' })).join('\n'),
    ).toMatch(/message_ts/);
    expect(problems(validators.updates, envelope({ ...header, message_id: 'm', total_count: '0' })).join('\n')).toMatch(
      /total_count/,
    );
  });

  describe('requests we send', () => {
    it('enrollment updates: envelope per the IBR OpenAPI, each beneficiary per the JSON-LD Beneficiary', async () => {
      const c = ref.client();
      const records = [
        record(member({ khmerId: '100000002' })),
        record(
          member({
            surnameLatin: null,
            givenNameLatin: null,
            birthDate: null,
            birthYear: 1950,
            birthEstimated: true,
            phones: [],
          }),
        ),
        record(member({ hasDisability: false, disability: null, addressLine: null, sex: 'M' })),
      ];
      const res = await c.pushEnrollmentUpdates(
        { batchId: 'batch-contract', records },
        ctx({ message: newMessageIdentity() }),
      );
      expect(res.outcomes.map((o) => o.status)).toEqual(['succ', 'succ', 'succ']);
      const body = sent();
      expect(problems(validators.updates, body)).toEqual([]);
      expect(body.header).toMatchObject({
        action: 'notify',
        version: '1.0.0',
        status: 'succ',
        total_count: 3,
        is_msg_encrypted: false,
        sender_id: 'CAMBODIA/COM/SDP-DEV/SDP',
        receiver_id: 'CAMBODIA/GOV/SPR-DEV/SPR/registry',
      });
      const list = (body.message.enrolled_updates as { beneficiaries: unknown[] }).beneficiaries;
      expect(list).toHaveLength(3);
      for (const b of list) expect(problems(beneficiary.validate, b)).toEqual([]);
    });

    it('the record validator catches a misspelt property, a wrong code and a wrong type', () => {
      const b = toBeneficiary(record(member()));
      expect(problems(beneficiary.validate, b)).toEqual([]);
      const person = b.member.demographic_info;
      const withPerson = (p: object) => ({ ...b, member: { ...b.member, demographic_info: { ...person, ...p } } });
      expect(problems(beneficiary.validate, withPerson({ birthdate: '1985' })).join('\n')).toMatch(
        /additionalProperty.*birthdate/,
      );
      expect(problems(beneficiary.validate, withPerson({ sex: 'F' })).join('\n')).toMatch(/\/sex/);
      expect(problems(beneficiary.validate, withPerson({ birth_date: '12.03.1985' })).join('\n')).toMatch(/birth_date/);
      expect(problems(beneficiary.validate, { ...b, member: { ...b.member, is_disabled: 'yes' } }).join('\n')).toMatch(
        /is_disabled/,
      );
      const { benefits: _benefits, ...withoutBenefits } = b;
      expect(problems(beneficiary.validate, withoutBenefits).join('\n')).toMatch(/benefits/);
      const severity = [{ disability_limitation_type: 'VIS_SS', functional_severity: 'severe' }];
      expect(
        problems(beneficiary.validate, { ...b, member: { ...b.member, disability_info: severity } }).join('\n'),
      ).toMatch(/functional_severity/);
    });

    it('enrollment updates carrying Beneficiary data: programmes, their status and latest benefit', async () => {
      const c = ref.client();
      const paidUsd = programme({
        programmeId: 'PWDF/EDU-GRANT',
        programmeName: 'Education grant',
        status: 'Suspended',
        statusDate: '2026-10-01',
        latestBenefit: { typeCode: '2', date: '2026-09-30', amountMinor: 1_250, currency: 'USD' },
      });
      const records = [
        record(member(), 1, [programme(), paidUsd]),
        record(member(), 1, [programme({ latestBenefit: null, status: 'Graduated', statusDate: '2026-11-30' })]),
      ];
      await c.pushEnrollmentUpdates({ batchId: 'batch-benefits', records }, ctx({ message: newMessageIdentity() }));
      const body = sent();
      expect(problems(validators.updates, body)).toEqual([]);
      const list = (body.message.enrolled_updates as { beneficiaries: Record<string, unknown>[] }).beneficiaries;
      for (const b of list) expect(problems(beneficiary.validate, b)).toEqual([]);
      expect(list[0]).toMatchObject({
        programme_identifier: [
          {
            '@type': 'Programme',
            programme_identifier: 'PWDF/PWD-ALLOWANCE',
            programme_name: 'Disability allowance',
            enrolment_date: '2026-01-05',
            enrolment_status: '1',
            benefit: [
              { '@type': 'Benefit', benefit_type: '1', benefit_date: '2026-11-28', benefit_value: 'KHR 120000' },
            ],
          },
          { programme_identifier: 'PWDF/EDU-GRANT', enrolment_status: '4', benefit: [{ benefit_value: 'USD 12.50' }] },
        ],
        enrollment_date: '2026-01-05',
        enrollment_status: '1',
        status_change_date: ['2026-01-05', '2026-10-01'],
        benefits: [{ benefit_value: 'KHR 120000' }, { benefit_type: '2', benefit_value: 'USD 12.50' }],
      });
      expect(list[1]).toMatchObject({ enrollment_status: '3', benefits: [] });
      expect(list[1]!.programme_identifier).toEqual([expect.not.objectContaining({ benefit: expect.anything() })]);
    });

    it('the record validator catches a wrong benefit type, a benefit without its date, a misspelt programme field', () => {
      const b = toBeneficiary(record(member(), 1, [programme()]));
      expect(problems(beneficiary.validate, b)).toEqual([]);
      const [p] = b.programme_identifier;
      const benefit = p!.benefit![0]!;
      const withBenefit = (x: object) => ({ ...b, benefits: [{ ...benefit, ...x }] });
      expect(problems(beneficiary.validate, withBenefit({ benefit_type: 'Cash' })).join('\n')).toMatch(/benefit_type/);
      const { benefit_date: _date, ...undated } = benefit;
      expect(problems(beneficiary.validate, { ...b, benefits: [undated] }).join('\n')).toMatch(/benefit_date/);
      expect(
        problems(beneficiary.validate, { ...b, programme_identifier: [{ ...p, programme_code: 'X' }] }).join('\n'),
      ).toMatch(/programme_code/);
      expect(problems(beneficiary.validate, { ...b, status_change_date: ['30.11.2026'] }).join('\n')).toMatch(
        /status_change_date/,
      );
    });

    it('search by NID and by SPID', async () => {
      const c = ref.client();
      await c.searchRegistry({ type: 'NID', value: '100000001' }, ctx());
      await c.searchRegistry({ type: 'SPID', value: '1000000161' }, ctx({ issue: 'recheck-1' }));
      for (const i of [0, 1]) expect(problems(validators.search, sent(i))).toEqual([]);
      expect(sent(0).header.action).toBe('search');
    });

    it('txn/status with a reference_id_list', async () => {
      const c = ref.client();
      await c.txnStatus(['a.v1', 'b.v2'], ctx());
      expect(problems(validators.txnStatus, sent())).toEqual([]);
      expect(sent().message.txnstatus_request).toMatchObject({
        attribute_type: 'reference_id_list',
        attribute_value: ['a.v1', 'b.v2'],
      });
    });

    it('Khmer ID verification: a registry_core header and a nid_ResidentRecord claim', async () => {
      const c = ref.client();
      await c.verifyKhmerId(
        {
          idNumber: '100000001',
          name: { surnameKm: 'សុខ', givenNameKm: 'ដារា', surnameLatin: 'Sok', givenNameLatin: 'Dara' },
          birthDate: '1985-03-12',
          sex: 'F',
        },
        ctx(),
      );
      const body = sent();
      expect(problems(validators.coreHeader, body.header)).toEqual([]);
      const item = (body.message.verify_request as Record<string, unknown>[])[0]!;
      const resident = item.resident_record as { local_name: { language_code: string }; dob: string };
      expect(problems(validators.residentRecord, resident)).toEqual([]);
      expect(problems(validators.languageCode, resident.local_name.language_code)).toEqual([]);
      expect(problems(validators.dateTime, item.timestamp)).toEqual([]);
      expect(resident.dob).toBe('12031985');
    });
  });
});

describe('Beneficiary values', () => {
  it('the project contract takes EnrollmentStatusEnum codes, not labels, and a Currency value as the samples write it', () => {
    const own = CONTRACTS[0]!;
    const b = toBeneficiary(record(member(), 1, [programme()]));
    const [p] = b.programme_identifier;
    expect(problems(own.beneficiary, b)).toEqual([]);
    expect(problems(own.beneficiary, { ...b, enrollment_status: 'Active' }).join('\n')).toMatch(/enrollment_status/);
    expect(
      problems(own.beneficiary, { ...b, programme_identifier: [{ ...p, enrolment_status: 'Exited' }] }).join('\n'),
    ).toMatch(/enrolment_status/);
    expect(problems(own.beneficiary, { ...b, benefits: [{ ...p!.benefit![0], benefit_value: '120000' }] })).not.toEqual(
      [],
    );
  });

  it('amounts go in major units: riel whole, US dollars with cents', () => {
    expect(benefitValue(120_000, 'KHR')).toBe('KHR 120000');
    expect(benefitValue(1_250, 'USD')).toBe('USD 12.50');
    expect(benefitValue(5, 'USD')).toBe('USD 0.05');
    expect(benefitValue(100_000_000, 'USD')).toBe('USD 1000000.00');
  });
});
