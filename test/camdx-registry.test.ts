import { describe, expect, it } from 'vitest';
import { validSpid } from '@/camdx-peer/spid';
import { CamdxConfigError, newMessageIdentity, type EnrollmentRecord } from '@/lib/camdx';
import { ctx, member, programme, record, peerPerFile } from './helpers/camdx';

const ref = peerPerFile({ allowedClients: ['CAMBODIA/COM/SDP-DEV/SDP'] });
const push = (records: EnrollmentRecord[], overrides: Parameters<typeof ref.client>[0] = {}) =>
  ref.client(overrides).pushEnrollmentUpdates({ batchId: 'batch-1', records }, ctx({ message: newMessageIdentity() }));

describe('pushing members to the registry', () => {
  it('assigns a new SPID per new person', async () => {
    const res = await push([record(member()), record(member({ khmerId: '100000003' }))]);
    expect(res.recovered).toBe(false);
    const [a, b] = res.outcomes;
    expect(a).toMatchObject({ status: 'succ', spid: expect.any(String) });
    expect(validSpid(a!.spid!)).toBe(true);
    expect(b!.spid).not.toBe(a!.spid);
    expect(res.meta.xRoadRequestHash).toEqual(expect.any(String));
  });

  it('matches the same Khmer ID to the same person, from another operator member record', async () => {
    const first = await push([record(member({ khmerId: '100000004' }))]);
    const second = await push([record(member({ khmerId: '100000004', surnameKm: 'ហេង', givenNameKm: 'ចិន្តា' }))]);
    expect(second.outcomes[0]).toMatchObject({ status: 'succ', spid: first.outcomes[0]!.spid });
  });

  it('holds a look-alike (same Khmer name after normalising, birth date, sex) for review, then settles it', async () => {
    const original = member({ surnameKm: 'ហេង', givenNameKm: 'ចិន្តា' });
    const first = await push([record(original)]);
    // Another record with the coeng DA look-alike and a space in the name: the same key.
    const lookalike = record(member({ surnameKm: 'ហេង ', givenNameKm: 'ចិន្ដា' }));
    const res = await push([lookalike]);
    expect(res.outcomes[0]).toMatchObject({ status: 'pdng', reasonCode: 'pdng.dedup.review' });
    expect(res.outcomes[0]!.spid).toBeUndefined();
    const review = await fetch(`${ref.peer.url}/__peer/review`, {
      method: 'POST',
      body: JSON.stringify({ reference_id: lookalike.referenceId, decision: 'same' }),
    });
    expect(review.status).toBe(200);
    const status = await ref.client().txnStatus([lookalike.referenceId], ctx());
    expect(status.outcomes[0]).toMatchObject({ status: 'succ', spid: first.outcomes[0]!.spid });
  });

  it('does not hold look-alikes whose Khmer IDs differ', async () => {
    await push([record(member({ surnameKm: 'កែវ', givenNameKm: 'វណ្ណា', khmerId: '200000001' }))]);
    const res = await push([record(member({ surnameKm: 'កែវ', givenNameKm: 'វណ្ណា', khmerId: '200000002' }))]);
    expect(res.outcomes[0]!.status).toBe('succ');
  });

  it('links a new version of a member record to the same SPID, and answers a replayed reference_id with its first result', async () => {
    const m = member();
    const v1 = await push([record(m, 1)]);
    const v2 = await push([record({ ...m, phones: ['+85598765432'] }, 2)]);
    expect(v2.outcomes[0]).toMatchObject({ status: 'succ', spid: v1.outcomes[0]!.spid, reasonMessage: 'updated' });
    const replay = await push([record({ ...m, khmerId: '100000005' }, 1)]);
    expect(replay.outcomes[0]).toEqual(v1.outcomes[0]);
  });

  it('refuses an invalid record on its own and keeps the rest', async () => {
    const res = await push([record(member({ khmerId: '12345' })), record(member())]);
    expect(res.outcomes[0]).toMatchObject({ status: 'rjct', reasonCode: 'rjct.record.invalid', retryable: false });
    expect(res.outcomes[1]!.status).toBe('succ');
  });

  it('recovers through txn/status when the same message is sent again after the registry had it', async () => {
    const c = ref.client();
    const records = [record(member()), record(member())];
    const message = newMessageIdentity();
    const first = await c.pushEnrollmentUpdates({ batchId: 'b', records }, ctx({ message }));
    const again = await c.pushEnrollmentUpdates({ batchId: 'b', records }, ctx({ message }));
    expect(again.recovered).toBe(true);
    expect(again.outcomes.map((o) => [o.status, o.spid])).toEqual(first.outcomes.map((o) => [o.status, o.spid]));
  });

  it('never loses a record when the response is lost after the registry committed', async () => {
    ref.peer.faults.set([{ kind: 'lose-response', times: 1, path: 'enrollment' }]);
    const records = [record(member()), record(member({ khmerId: '300000001' }))];
    const res = await push(records, { maxAttempts: 3 });
    expect(res.recovered).toBe(true);
    expect(res.meta.attempts).toBe(2);
    expect(res.outcomes.every((o) => o.status === 'succ' && o.spid)).toBe(true);
    expect(ref.peer.registry.state.persons).toHaveLength(2);
  });

  it('refuses a batch that is empty or repeats a reference id, before sending', async () => {
    const r = record(member());
    await expect(push([])).rejects.toMatchObject({ kind: 'input' });
    await expect(push([r, r])).rejects.toMatchObject({ kind: 'input', code: 'REFERENCE_ID_REPEATED' });
    expect(ref.peer.requests).toHaveLength(0);
  });
});

describe('search and status', () => {
  it('finds a person by Khmer ID and by SPID, with the programmes they receive; nobody for an unknown one', async () => {
    const pushed = await push([record(member({ khmerId: '400000001' }), 1, [programme()])]);
    const spid = pushed.outcomes[0]!.spid!;
    const c = ref.client();
    const byNid = await c.searchRegistry({ type: 'NID', value: '400000001' }, ctx());
    expect(byNid.records).toEqual([
      {
        spid,
        identifiers: [
          { type: 'SPID', value: spid },
          { type: 'NID', value: '400000001' },
        ],
        programmes: [
          {
            programmeId: 'PWDF/PWD-ALLOWANCE',
            name: 'Disability allowance',
            status: 'Active',
            enrolmentDate: '2026-01-05',
            latestBenefit: { typeCode: '1', date: '2026-11-28', value: 'KHR 120000' },
          },
        ],
      },
    ]);
    expect((await c.searchRegistry({ type: 'SPID', value: spid }, ctx())).records[0]!.spid).toBe(spid);
    expect((await c.searchRegistry({ type: 'NID', value: '499999999' }, ctx())).records).toEqual([]);
    await expect(c.searchRegistry({ type: 'NID', value: '12' }, ctx())).rejects.toMatchObject({ kind: 'input' });
  });

  it('reports an unknown reference id as rejected', async () => {
    const res = await ref.client().txnStatus(['nope.v1'], ctx());
    expect(res.outcomes[0]).toMatchObject({
      referenceId: 'nope.v1',
      status: 'rjct',
      reasonCode: 'rjct.reference_id.invalid',
    });
  });
});

describe('Khmer ID verification (Ministry of Interior adapter)', () => {
  const claim = {
    idNumber: '100000004',
    name: { surnameKm: 'ហេង', givenNameKm: 'ចិន្តា' },
    birthDate: '2001-01-15',
    sex: 'M' as const,
  };

  it('full when every attribute matches, even with the coeng DA look-alike and other spacing', async () => {
    const c = ref.client();
    expect(await c.verifyKhmerId(claim, ctx())).toMatchObject({
      match: 'full',
      fields: { name: true, birthDate: true, sex: true },
    });
    const variant = { ...claim, name: { surnameKm: 'ហេង', givenNameKm: 'ចិន្ដា ' } };
    expect((await c.verifyKhmerId(variant, ctx())).match).toBe('full');
  });

  it('partial when some match, none for an unknown ID or when nothing matches', async () => {
    const c = ref.client();
    expect(await c.verifyKhmerId({ ...claim, birthDate: '2001-01-16' }, ctx())).toMatchObject({
      match: 'partial',
      fields: { birthDate: false, name: true },
    });
    expect((await c.verifyKhmerId({ ...claim, idNumber: '999999999' }, ctx())).match).toBe('none');
    const wrong = {
      ...claim,
      name: { surnameKm: 'សុខ', givenNameKm: 'ដារា' },
      birthDate: '1999-09-09',
      sex: 'F' as const,
    };
    expect((await c.verifyKhmerId(wrong, ctx())).match).toBe('none');
  });

  it('needs its own service id', async () => {
    await expect(ref.client({ moiService: undefined }).verifyKhmerId(claim, ctx())).rejects.toBeInstanceOf(
      CamdxConfigError,
    );
  });
});

describe('metaservices for a "test connection" screen', () => {
  it('lists the registry services and the ones we may call; listClients reaches the security server', async () => {
    const c = ref.client();
    const all = await c.listMethods('spr', ctx());
    expect(all.services).toEqual([
      {
        serviceCode: 'registry',
        serviceType: 'OPENAPI',
        endpoints: expect.arrayContaining([{ method: 'POST', path: '/registry/sync/enrollment/updates' }]),
      },
    ]);
    expect((await c.allowedMethods('moi', ctx())).services[0]!.serviceCode).toBe('khmerid');
    const clients = await c.listClients(ctx());
    expect(clients.clients.map((x) => x.id)).toContain('CAMBODIA/GOV/SPR-DEV/SPR');
    expect(ref.peer.requests.map((r) => r.url)).toEqual([
      '/r1/CAMBODIA/GOV/SPR-DEV/SPR/listMethods',
      '/r1/CAMBODIA/GOV/MOI-DEV/KHMERID/allowedMethods',
      '/listClients',
    ]);
  });

  it('a client without access rights gets no allowed methods, and an access denial for the service', async () => {
    const stranger = ref.client({
      client: { instance: 'CAMBODIA', memberClass: 'COM', memberCode: 'OTHER', subsystemCode: 'APP' },
    });
    expect((await stranger.allowedMethods('spr', ctx())).services).toEqual([]);
    await expect(stranger.searchRegistry({ type: 'NID', value: '100000001' }, ctx())).rejects.toMatchObject({
      kind: 'xroad',
      code: 'Server.ServerProxy.AccessDenied',
      retryable: false,
      details: { status: 500 },
    });
  });
});
