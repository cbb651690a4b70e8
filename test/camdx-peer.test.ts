import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { Faults, parseFaultSpec } from '@/camdx-peer/faults';
import { startPeer } from '@/camdx-peer/server';
import { checkDigits, nextSpid, validSpid } from '@/camdx-peer/spid';
import { config, ctx, member, programme, record, peerPerFile } from './helpers/camdx';
import { createCamdx, newMessageIdentity, toBeneficiary } from '@/lib/camdx';

const ref = peerPerFile();
const CLIENT = 'CAMBODIA/COM/SDP-DEV/SDP';
const SEARCH = '/r1/CAMBODIA/GOV/SPR-DEV/SPR/registry/registry/sync/search';
const searchBody = JSON.stringify({
  header: {
    version: '1.0.0',
    message_id: 'm-1',
    message_ts: new Date().toISOString(),
    action: 'search',
    sender_id: CLIENT,
    total_count: 1,
  },
  message: {
    transaction_id: 't',
    search_request: [
      {
        reference_id: 'r',
        timestamp: new Date().toISOString(),
        search_criteria: { query_type: 'idtype-value', query: { type: 'NID', value: '1' } },
      },
    ],
  },
});

async function call(url: string, headers: Record<string, string> = { 'x-road-client': CLIENT }, body = searchBody) {
  const res = await fetch(`${ref.peer.url}${url}`, { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('the peer as a consumer security server', () => {
  it('answers with the X-Road headers: X-Road-Id echoed, a request id, the sha-256 request hash, the service', async () => {
    const res = await call(SEARCH, { 'x-road-client': CLIENT, 'x-road-id': 'id-123' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-road-id')).toBe('id-123');
    expect(res.headers.get('x-road-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-road-request-hash')).toBe(createHash('sha256').update(searchBody).digest('base64'));
    expect(res.headers.get('x-road-service')).toBe('CAMBODIA/GOV/SPR-DEV/SPR/registry');
  });

  it.each([
    ['no X-Road-Client', SEARCH, {}, 'Client.InvalidClientIdentifier'],
    ['a short X-Road-Client', SEARCH, { 'x-road-client': 'CAMBODIA/COM' }, 'Client.InvalidClientIdentifier'],
    [
      'an X-Road-Client with "_"',
      SEARCH,
      { 'x-road-client': 'CAMBODIA/COM/SDP/CP1_API' },
      'Client.InvalidClientIdentifier',
    ],
    ['a path outside /r1', '/rest/CAMBODIA/GOV/SPR-DEV/SPR/registry', { 'x-road-client': CLIENT }, 'Client.BadRequest'],
    ['protocol r2', '/r2/CAMBODIA/GOV/SPR-DEV/SPR/registry', { 'x-road-client': CLIENT }, 'Client.BadRequest'],
    ['four id parts', '/r1/CAMBODIA/GOV/SPR-DEV/SPR', { 'x-road-client': CLIENT }, 'Client.BadRequest'],
    [
      'an encoded "_" in an id part',
      '/r1/CAMBODIA/GOV/SPR%5FDEV/SPR/registry',
      { 'x-road-client': CLIENT },
      'Client.BadRequest',
    ],
    [
      'an encoded "/" in an id part',
      '/r1/CAMBODIA/GOV/SPR%2FDEV/SPR/registry',
      { 'x-road-client': CLIENT },
      'Client.BadRequest',
    ],
    [
      'broken percent-encoding',
      '/r1/CAMBODIA/GOV/SPR%ZZ/SPR/registry',
      { 'x-road-client': CLIENT },
      'Client.BadRequest',
    ],
    [
      'a request hash from the client',
      SEARCH,
      { 'x-road-client': CLIENT, 'x-road-request-hash': 'abc' },
      'Client.BadRequest',
    ],
    [
      'a bad represented party',
      SEARCH,
      { 'x-road-client': CLIENT, 'x-road-represented-party': 'A/B/C' },
      'Client.BadRequest',
    ],
    [
      'an unknown service',
      '/r1/CAMBODIA/GOV/SPR-DEV/SPR/nope',
      { 'x-road-client': CLIENT },
      'Server.ServerProxy.UnknownService',
    ],
    [
      'an unknown member',
      '/r1/CAMBODIA/GOV/NOBODY/SPR/registry',
      { 'x-road-client': CLIENT },
      'Server.ClientProxy.UnknownMember',
    ],
  ])('refuses %s', async (_what, url, headers, code) => {
    const res = await call(url, headers as Record<string, string>);
    expect(res.status).toBe(code.startsWith('Client.') ? 400 : 500);
    expect(res.headers.get('x-road-error')).toBe(code);
    expect(res.body).toMatchObject({ type: code, message: expect.any(String), detail: expect.any(String) });
  });

  it('spells errors the X-Road 7.8 way per request, or by default', async () => {
    const res = await call('/r1/CAMBODIA/GOV/SPR-DEV/SPR/nope', {
      'x-road-client': CLIENT,
      'x-camdx-peer-error-spelling': 'modern',
    });
    expect(res.headers.get('x-road-error')).toBe('server.serverproxy.unknown_service');
    const modern = await startPeer({ spelling: 'modern' });
    const r = await fetch(`${modern.url}/r1/CAMBODIA/GOV/SPR-DEV/SPR/registry`, { method: 'POST', body: '{}' });
    expect(r.headers.get('x-road-error')).toBe('client.invalid_client_identifier');
    await modern.close();
  });

  it('accepts "_" in identifiers when started with legacy identifier checks', async () => {
    const legacy = await startPeer({ strictIdentifiers: false });
    const r = await fetch(`${legacy.url}${SEARCH}`, {
      method: 'POST',
      headers: { 'x-road-client': 'CAMBODIA/COM/CAMDEV21231832/CP1_API' },
      body: searchBody,
    });
    expect(r.status).toBe(200);
    await legacy.close();
  });

  it('answers a broken envelope as the registry would: 400 err.request.bad, no X-Road-Error', async () => {
    const res = await call(SEARCH, { 'x-road-client': CLIENT }, '{"header":{}}');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-road-error')).toBeNull();
    expect(res.body).toMatchObject({ errors: [{ code: 'err.request.bad' }] });
  });

  it('rejects a wrong action or version in the DCI header', async () => {
    const wrong = JSON.parse(searchBody) as { header: Record<string, unknown> };
    wrong.header.action = 'notify';
    const res = await call(SEARCH, { 'x-road-client': CLIENT }, JSON.stringify(wrong));
    expect(res.body).toMatchObject({ header: { status: 'rjct', status_reason_code: 'rjct.action.invalid' } });
  });
});

describe('faults and control endpoints', () => {
  it('takes fault rules at run time, validates them, and applies them with probability and count', async () => {
    const bad = await fetch(`${ref.peer.url}/__peer/faults`, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ kind: 'explode' }] }),
    });
    expect(bad.status).toBe(400);
    const set = await fetch(`${ref.peer.url}/__peer/faults`, {
      method: 'POST',
      body: JSON.stringify({
        rules: [
          { kind: 'http-error', status: 503, times: 2 },
          { kind: 'drop', probability: 0 },
        ],
      }),
    });
    expect(set.status).toBe(200);
    expect((await call(SEARCH)).status).toBe(503);
    expect((await call(SEARCH)).status).toBe(503);
    expect((await call(SEARCH)).status).toBe(200);
    await fetch(`${ref.peer.url}/__peer/faults`, { method: 'DELETE' });
    expect(((await (await fetch(`${ref.peer.url}/__peer/faults`)).json()) as { rules: unknown[] }).rules).toEqual([]);
  });

  it('refuses the records a test rule names (test-only), once or as often as asked; a corrected version passes', async () => {
    const url = `${ref.peer.url}/__peer/rejections`;
    expect((await fetch(url, { method: 'POST', body: JSON.stringify({ rules: [{ code: 'no dots' }] }) })).status).toBe(
      400,
    );
    const set = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ match: 'ឆឆឆឆ', message: 'placeholder name', times: 1 }] }),
    });
    expect(await set.json()).toEqual({
      rules: [{ match: 'ឆឆឆឆ', code: 'rjct.record.invalid', message: 'placeholder name', times: 1 }],
    });
    const c = createCamdx(config(ref.peer.url));
    const m = member({ givenNameKm: 'ឆឆឆឆ' });
    const refused = await c.pushEnrollmentUpdates(
      { batchId: 'b', records: [record(m), record(member())] },
      ctx({ message: newMessageIdentity() }),
    );
    expect(refused.outcomes.map((o) => [o.status, o.reasonCode, o.reasonMessage])).toEqual([
      ['rjct', 'rjct.record.invalid', 'placeholder name'],
      ['succ', undefined, 'new'],
    ]);
    // A replay of the refused reference_id gets its first answer; the rule was used up.
    const replay = await c.pushEnrollmentUpdates(
      { batchId: 'b', records: [record(m)] },
      ctx({ message: newMessageIdentity() }),
    );
    expect(replay.outcomes[0]).toMatchObject({ status: 'rjct', reasonMessage: 'placeholder name' });
    const corrected = await c.pushEnrollmentUpdates(
      { batchId: 'b', records: [record({ ...m, givenNameKm: 'ដារា' }, 2)] },
      ctx({ message: newMessageIdentity() }),
    );
    expect(corrected.outcomes[0]).toMatchObject({ status: 'succ', spid: expect.stringMatching(/^\d{10}$/) });
    expect(await (await fetch(url)).json()).toMatchObject({ rules: [{ match: 'ឆឆឆឆ', times: 0 }] });
    await fetch(url, { method: 'DELETE' });
    expect(await (await fetch(url)).json()).toEqual({ rules: [] });
    c.close();
  });

  it('registers a person another client enrolled (test/dev only): a look-alike is held with its SPID, the same NID meets it', async () => {
    const url = `${ref.peer.url}/__peer/persons`;
    const seed = (body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body) });
    // Only the fields the registry de-duplicates on, well formed.
    for (const bad of [
      { surname_km: 'ហេង', birth_date: '1990-01-01', sex: 'female' },
      { surname_km: 'ហេង', given_name_km: 'ចិន្តា', birth_date: '01/01/1990', sex: 'female' },
      { surname_km: 'ហេង', given_name_km: 'ចិន្តា', birth_date: '1990-01-01', sex: 'F' },
      { surname_km: 'ហេង', given_name_km: 'ចិន្តា', birth_date: '1990-01-01', sex: 'female', nid: '12345' },
      { surname_km: 'ហេង', given_name_km: 'ចិន្តា', birth_date: '1990-01-01', sex: 'female', given_name_latin: 'Chenda' },
    ]) {
      expect((await seed(bad)).status).toBe(400);
    }
    const held = await seed({ surname_km: 'ហេង', given_name_km: 'ចិន្តា', birth_date: '1990-01-01', sex: 'female' });
    expect(held.status).toBe(200);
    const { spid, client, local_id } = (await held.json()) as { spid: string; client: string; local_id: string };
    expect(validSpid(spid)).toBe(true);
    expect(client).toBe('CAMBODIA/GOV/OTHER-DEV/PROGRAMME');
    expect(local_id).toMatch(/^[0-9a-f-]{36}$/);
    const withNid = await seed({
      surname_km: 'កែវ',
      given_name_km: 'វណ្ណា',
      birth_date: '1977',
      sex: 'male',
      nid: '400000001',
      client: 'CAMBODIA/GOV/MOSVY/IDPOOR',
      local_id: 'hh-7',
    });
    const other = ((await withNid.json()) as { spid: string }).spid;
    expect(other).not.toBe(spid);
    // That NID, or that client's local id, is somebody already.
    expect(
      (
        await seed({
          surname_km: 'សុខ',
          given_name_km: 'ដារា',
          birth_date: '1980-02-02',
          sex: 'female',
          nid: '400000001',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await seed({
          surname_km: 'សុខ',
          given_name_km: 'ដារា',
          birth_date: '1980-02-02',
          sex: 'female',
          client: 'CAMBODIA/GOV/MOSVY/IDPOOR',
          local_id: 'hh-7',
        })
      ).status,
    ).toBe(409);
    expect(await (await fetch(`${ref.peer.url}/__peer/state`)).json()).toMatchObject({ persons: 2 });

    // Our record of the same woman (name written with the coeng DA look-alike, no NID) is held for review,
    // naming her SPID; a record with the seeded NID is that person.
    const c = createCamdx(config(ref.peer.url));
    const mine = record(
      member({ surnameKm: 'ហេង', givenNameKm: 'ចិន្ដា', birthDate: '1990-01-01', birthYear: 1990, sex: 'F' }),
    );
    const res = await c.pushEnrollmentUpdates(
      { batchId: 'b', records: [mine, record(member({ khmerId: '400000001' }))] },
      ctx({ message: newMessageIdentity() }),
    );
    expect(res.outcomes.map((o) => [o.status, o.reasonCode, o.candidateSpid ?? o.spid])).toEqual([
      ['pdng', 'pdng.dedup.review', spid],
      ['succ', undefined, other],
    ]);
    // The sender's link settles it: its next version is that person.
    const linked = await c.pushEnrollmentUpdates(
      {
        batchId: 'b',
        records: [{ ...record(mine.member, 2), review: { kind: 'same', referenceId: mine.referenceId, spid } }],
      },
      ctx({ message: newMessageIdentity() }),
    );
    expect(linked.outcomes[0]).toMatchObject({ status: 'succ', spid });
    c.close();
  });

  it('is reproducible with a seed', () => {
    const run = () => {
      const f = new Faults([{ kind: 'drop', probability: 0.5 }], 42);
      return Array.from({ length: 20 }, () => f.decide('/x').fault?.kind ?? '-').join(',');
    };
    expect(run()).toBe(run());
    expect(run()).toContain('drop');
    expect(run()).toContain('-');
  });

  it('parses the command-line fault form', () => {
    expect(parseFaultSpec('latency:2000@0.5')).toEqual({ kind: 'latency', ms: 2000, probability: 0.5 });
    expect(parseFaultSpec('xroad-error:Server.ServerProxy.NetworkError@0.2')).toEqual({
      kind: 'xroad-error',
      code: 'Server.ServerProxy.NetworkError',
      probability: 0.2,
    });
    expect(parseFaultSpec('http-error:503*3')).toEqual({ kind: 'http-error', status: 503, times: 3 });
    expect(parseFaultSpec('lose-response')).toEqual({ kind: 'lose-response' });
    expect(() => parseFaultSpec('xroad-error:not a code')).toThrow();
  });

  it('resets its state and reports it', async () => {
    const c = createCamdx(config(ref.peer.url));
    await c.pushEnrollmentUpdates(
      { batchId: 'b', records: [record(member())] },
      ctx({ message: newMessageIdentity() }),
    );
    c.close();
    expect(await (await fetch(`${ref.peer.url}/__peer/state`)).json()).toMatchObject({ persons: 1, messages: 1 });
    await fetch(`${ref.peer.url}/__peer/reset`, { method: 'POST' });
    expect(await (await fetch(`${ref.peer.url}/__peer/state`)).json()).toMatchObject({ persons: 0, messages: 0 });
  });

  it('keeps its state in a JSON file across restarts when asked', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'camdx-peer-')), 'state.json');
    const first = await startPeer({ stateFile });
    const c1 = createCamdx(config(first.url));
    const pushed = await c1.pushEnrollmentUpdates(
      { batchId: 'b', records: [record(member({ khmerId: '500000001' }))] },
      ctx({ message: newMessageIdentity() }),
    );
    c1.close();
    await first.close();
    const second = await startPeer({ stateFile });
    const c2 = createCamdx(config(second.url));
    const found = await c2.searchRegistry({ type: 'NID', value: '500000001' }, ctx());
    c2.close();
    await second.close();
    expect(found.records[0]!.spid).toBe(pushed.outcomes[0]!.spid);
  });
});

describe('who receives what (IBR Beneficiary data)', () => {
  type View = { programmes: Record<string, unknown>[] };
  const person = async (spid: string) => {
    const res = await fetch(`${ref.peer.url}/__peer/persons/${spid}`);
    return { status: res.status, body: (await res.json()) as View };
  };
  const push = async (c: ReturnType<typeof createCamdx>, records: ReturnType<typeof record>[]) =>
    c.pushEnrollmentUpdates({ batchId: 'b', records }, ctx({ message: newMessageIdentity() }));

  it("holds each record's programmes per person, replaces them with the next version, and shows them", async () => {
    const c = createCamdx(config(ref.peer.url));
    const m = member();
    const first = await push(c, [record(m, 1, [programme()])]);
    const spid = first.outcomes[0]!.spid!;
    expect((await person(spid)).body.programmes).toEqual([
      {
        programme_identifier: 'PWDF/PWD-ALLOWANCE',
        programme_name: 'Disability allowance',
        programme_name_km: 'ប្រាក់ឧបត្ថម្ភជនមានពិការភាព',
        enrolment_date: '2026-01-05',
        enrolment_status: '1',
        enrolment_status_label: 'Active',
        status_change_date: '2026-01-05',
        latest_benefit: {
          benefit_type: '1',
          benefit_type_label: 'Cash',
          benefit_date: '2026-11-28',
          benefit_value: 'KHR 120000',
        },
        received: expect.any(String),
      },
    ]);
    // The next version is the sender's whole view: suspended, and the other programme gone.
    await push(c, [record(m, 2, [programme({ status: 'Suspended', statusDate: '2026-12-01', latestBenefit: null })])]);
    expect((await person(spid)).body.programmes).toEqual([
      expect.objectContaining({ enrolment_status_label: 'Suspended', status_change_date: '2026-12-01' }),
    ]);
    expect((await person(spid)).body.programmes[0]).not.toHaveProperty('latest_benefit');
    await push(c, [record(m, 3)]);
    expect((await person(spid)).body.programmes).toEqual([]);
    expect((await person('1999999999')).status).toBe(404);
    c.close();
  });

  it("refuses malformed programme data, and keeps a held record's programmes once the review settles it", async () => {
    const c = createCamdx(config(ref.peer.url));
    const bad = toBeneficiaryWith(record(member(), 1, [programme()]), { enrolment_status: 'Active' });
    const res = await fetch(`${ref.peer.url}/r1/CAMBODIA/GOV/SPR-DEV/SPR/registry/registry/sync/enrollment/updates`, {
      method: 'POST',
      headers: { 'x-road-client': CLIENT },
      body: JSON.stringify({
        header: {
          version: '1.0.0',
          message_id: 'bad-programme',
          message_ts: new Date().toISOString(),
          action: 'notify',
          status: 'succ',
          sender_id: CLIENT,
          total_count: 1,
        },
        message: { transaction_id: 't', enrolled_updates: { beneficiaries: [bad] } },
      }),
    });
    const body = (await res.json()) as { message: { enrolled_response: Record<string, unknown>[] } };
    expect(body.message.enrolled_response[0]).toMatchObject({
      status: 'rjct',
      status_reason_code: 'rjct.record.invalid',
      status_reason_message: expect.stringMatching(/programme_identifier/),
    });

    const held = await fetch(`${ref.peer.url}/__peer/persons`, {
      method: 'POST',
      body: JSON.stringify({ surname_km: 'ហេង', given_name_km: 'សុភាព', birth_date: '1991-02-03', sex: 'female' }),
    });
    const spid = ((await held.json()) as { spid: string }).spid;
    const mine = record(
      member({ surnameKm: 'ហេង', givenNameKm: 'សុភាព', birthDate: '1991-02-03', birthYear: 1991, sex: 'F' }),
      1,
      [programme()],
    );
    expect((await push(c, [mine])).outcomes[0]).toMatchObject({ status: 'pdng' });
    expect((await person(spid)).body.programmes).toEqual([]);
    await fetch(`${ref.peer.url}/__peer/review`, {
      method: 'POST',
      body: JSON.stringify({ reference_id: mine.referenceId, decision: 'same' }),
    });
    expect((await person(spid)).body.programmes).toEqual([
      expect.objectContaining({ programme_identifier: 'PWDF/PWD-ALLOWANCE', enrolment_status_label: 'Active' }),
    ]);
    c.close();
  });
});

/** Our Beneficiary with its first programme changed (a malformed record the app never sends). */
function toBeneficiaryWith(r: ReturnType<typeof record>, change: Record<string, unknown>) {
  const b = toBeneficiary(r);
  return { ...b, programme_identifier: [{ ...b.programme_identifier[0], ...change }] };
}

describe('SPIDs', () => {
  it('are ten digits with ISO 7064 MOD 97-10 check digits', () => {
    expect(nextSpid(1)).toBe('1000000161');
    expect(checkDigits('10000001')).toBe('61');
    for (let i = 1; i < 200; i++) expect(validSpid(nextSpid(i))).toBe(true);
    expect(validSpid('1000000162')).toBe(false);
  });
});

describe('npm run camdx:peer', () => {
  it('starts from the command line with flags and CAMDX_PEER_* variables, and logs JSON lines', async () => {
    const tsx = path.resolve('node_modules/.bin/tsx');
    const child = spawn(tsx, ['camdx-peer/main.ts', '--fault', 'http-error:503*1'], {
      env: { ...process.env, CAMDX_PEER_PORT: '0', CAMDX_PEER_ERROR_SPELLING: 'modern' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const listening = JSON.parse((await lines.next()).value as string) as {
        event: string;
        url: string;
        faults: unknown[];
      };
      expect(listening).toMatchObject({ event: 'listening', faults: [{ kind: 'http-error', status: 503, times: 1 }] });
      const first = await fetch(`${listening.url}${SEARCH}`, {
        method: 'POST',
        headers: { 'x-road-client': CLIENT },
        body: searchBody,
      });
      expect(first.status).toBe(503);
      const bad = await fetch(`${listening.url}/r1/x`, {
        method: 'POST',
        headers: { 'x-road-client': CLIENT },
        body: '{}',
      });
      expect(bad.headers.get('x-road-error')).toBe('client.bad_request');
      const logged = JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
      expect(logged).toMatchObject({ event: 'request', status: 503, fault: 'http-error', client: CLIENT });
      expect(JSON.stringify(logged)).not.toContain('search_request');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
