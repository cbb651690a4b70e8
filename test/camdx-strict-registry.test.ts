import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMessageIdentity, type EnrollmentRecord } from '@/lib/camdx';
import { captureLogger, config, ctx, member, peerPerFile, record } from './helpers/camdx';
import { compile, IBR_FILE, openApiSchema, problems, SPECS } from './helpers/dci-schemas';
import { createCamdx } from '@/lib/camdx';

// What the spdci IBR OpenAPI lets a registry answer that our own peer did not (issue 13): an ACK
// instead of results, the txn/status receipt form, no SPID extension, and garbled answers.
const ref = peerPerFile();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const push = (records: EnrollmentRecord[], message = newMessageIdentity()) =>
  ref.client().pushEnrollmentUpdates({ batchId: 'batch-1', records }, ctx({ message }));
const modes = (body: object) =>
  fetch(`${ref.peer.url}/__peer/modes`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());

describe('an acknowledgement instead of results (answer=ack)', () => {
  it('is read as "accepted, result pending", and the results come through txn/status once known', async () => {
    await modes({ answer: 'ack', ack_delay_ms: 300 });
    const records = [record(member()), record(member({ khmerId: '510000001' }))];
    const res = await push(records);
    expect(res.acknowledged).toBe(true);
    expect(res.outcomes).toEqual(records.map((r) => ({ referenceId: r.referenceId, status: 'awaiting' })));
    // Not known yet: left out of the answer, which means "ask again", not "never received".
    const early = await ref.client().txnStatus(
      records.map((r) => r.referenceId),
      ctx(),
    );
    expect(early.outcomes.map((o) => o.status)).toEqual(['awaiting', 'awaiting']);
    await sleep(350);
    const later = await ref.client().txnStatus(
      records.map((r) => r.referenceId),
      ctx(),
    );
    expect(later.outcomes).toEqual([
      expect.objectContaining({ status: 'succ', spid: expect.stringMatching(/^\d{10}$/) }),
      expect.objectContaining({ status: 'succ', spid: expect.stringMatching(/^\d{10}$/) }),
    ]);
  });

  it('an ERR acknowledgement is the registry refusing the message, retryable when it says it is busy', async () => {
    ref.peer.faults.set([]);
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-road-id': String(_req.headers['x-road-id']) });
      res.end(JSON.stringify({ message: { ack_status: 'ERR', error: { code: 'err.service.unavailable' } } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const c = createCamdx(config(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    await expect(
      c.pushEnrollmentUpdates({ batchId: 'b', records: [record(member())] }, ctx({ message: newMessageIdentity() })),
    ).rejects.toMatchObject({ kind: 'business', code: 'err.service.unavailable', retryable: true });
    c.close();
    server.close();
  });
});

describe('txn/status answers', () => {
  it('reads the receipt form (txn_status.receipt_information): listed records are enrolled, the rest not known yet', async () => {
    await modes({ txn_status: 'receipt' });
    const enrolled = record(member());
    const res = await push([enrolled]);
    const status = await ref.client().txnStatus([enrolled.referenceId, 'someone-else.v1'], ctx());
    expect(status.outcomes).toEqual([
      { referenceId: enrolled.referenceId, status: 'succ', spid: res.outcomes[0]!.spid },
      { referenceId: 'someone-else.v1', status: 'awaiting' },
    ]);
  });

  it("keeps a held record's candidate SPID and reads the reason code the schema has no field for from the message", async () => {
    const original = member({ surnameKm: 'ម៉ៅ', givenNameKm: 'សុភ័ក្រ' });
    const first = await push([record(original)]);
    const lookalike = record(member({ surnameKm: 'ម៉ៅ', givenNameKm: 'សុភ័ក្រ' }));
    await push([lookalike]);
    const status = await ref.client().txnStatus([lookalike.referenceId], ctx());
    expect(status.outcomes[0]).toEqual({
      referenceId: lookalike.referenceId,
      status: 'pdng',
      candidateSpid: first.outcomes[0]!.spid,
      reasonCode: 'pdng.dedup.review',
      reasonMessage: 'possible duplicate: held for review',
    });
  });
});

describe('no SPID in the answer (spid=search-only)', () => {
  it('answers without the extension; the SPID is found by the member’s LOCAL id', async () => {
    await modes({ spid: 'search-only' });
    const records = [record(member()), record(member())];
    const res = await push(records);
    expect(res.outcomes.map((o) => [o.status, o.spid])).toEqual([
      ['succ', undefined],
      ['succ', undefined],
    ]);
    const found = await ref.client().findSpids(
      [...records, record(member())].map((r) => ({ referenceId: r.referenceId, localId: r.member.localId })),
      ctx(),
    );
    expect([...found.keys()]).toEqual(records.map((r) => r.referenceId));
    const spids = [...found.values()];
    expect(new Set(spids).size).toBe(2);
    expect(ref.peer.registry.state.persons.map((p) => p.spid).sort()).toEqual([...spids].sort());
  });
});

describe('a garbled answer after the registry committed', () => {
  it.each([
    ['not-json', 'NOT_JSON', /Content-Type is "text\/html; charset=utf-8", not JSON/],
    ['wrong-x-road-id', 'X_ROAD_ID_MISMATCH', /another message's X-Road-Id/],
  ] as const)(
    '%s is a retryable protocol failure, logged plainly; the retry recovers it',
    async (kind, code, detail) => {
      ref.peer.faults.set([{ kind, times: 1, path: 'enrollment' }]);
      const log = captureLogger();
      const c = createCamdx(config(ref.peer.url, { maxAttempts: 1, logger: log.logger }));
      const records = [record(member())];
      const message = newMessageIdentity();
      const call = () => c.pushEnrollmentUpdates({ batchId: 'b', records }, ctx({ message }));
      await expect(call()).rejects.toMatchObject({ kind: 'protocol', code, retryable: true });
      const line = log.parsed().find((l) => l.errorCode === code)!;
      expect(line).toMatchObject({ msg: 'camdx call failed', retryable: true, xRoadId: message.id });
      expect(String(line.detail)).toMatch(detail);
      // The same message again: the registry had it, and txn/status gives its result.
      const again = await call();
      expect(again.recovered).toBe(true);
      expect(again.outcomes[0]).toMatchObject({ status: 'succ', spid: expect.any(String) });
      c.close();
    },
  );
});

describe('the peer', () => {
  it('echoes the X-Road-Id on its error answers too', async () => {
    ref.peer.faults.set([{ kind: 'xroad-error', code: 'Server.ServerProxy.NetworkError', times: 1 }]);
    const res = await fetch(`${ref.peer.url}/r1/CAMBODIA/GOV/SPR-DEV/SPR/registry/registry/sync/search`, {
      method: 'POST',
      headers: { 'x-road-client': 'CAMBODIA/COM/SDP-DEV/SDP', 'x-road-id': 'err-id-1' },
      body: '{}',
    });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-road-error')).toBe('Server.ServerProxy.NetworkError');
    expect(res.headers.get('x-road-id')).toBe('err-id-1');
  });

  it('takes its modes at run time, refuses unknown ones, and matches per-message rules', async () => {
    expect(await modes({ answer: 'ack', rules: [{ match: 'ចន្ទ្រា', answer: 'sync' }] })).toMatchObject({
      answer: 'ack',
      spid: 'extension',
      rules: [{ match: 'ចន្ទ្រា', answer: 'sync' }],
    });
    const bad = await fetch(`${ref.peer.url}/__peer/modes`, { method: 'POST', body: '{"answer":"later"}' });
    expect(bad.status).toBe(400);
    // A rule's message is answered in its mode: here with results, the others only acknowledged.
    expect((await push([record(member({ givenNameKm: 'ចន្ទ្រា' }))])).acknowledged).toBeUndefined();
    expect((await push([record(member())])).acknowledged).toBe(true);
  });
});

describe('npm run camdx:peer modes', () => {
  it('are taken from flags and CAMDX_PEER_* variables', async () => {
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['camdx-peer/main.ts', '--answer', 'ack'], {
      env: { ...process.env, CAMDX_PEER_PORT: '0', CAMDX_PEER_SPID: 'search-only', CAMDX_PEER_ACK_DELAY_MS: '250' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const listening = JSON.parse((await lines.next()).value as string) as { modes: unknown };
      expect(listening.modes).toEqual({
        answer: 'ack',
        spid: 'search-only',
        ack_delay_ms: 250,
        txn_status: 'search',
        rules: [],
      });
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe.runIf(SPECS)('the peer’s answers against the IBR OpenAPI (shared folder)', () => {
  const schema = (pointer: string) => (SPECS ? compile(openApiSchema(IBR_FILE, pointer)) : null)!;
  const response = (path: string) =>
    schema(`#/paths/${path.replaceAll('/', '~1')}/post/responses/default/content/application~1json/schema`);
  let answers: { kind: string; body: unknown }[] = [];
  let server: http.Server | undefined;

  // A recording proxy in front of the peer: every answer the client read, as it came.
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const up = await fetch(`${ref.peer.url}${req.url}`, {
          method: req.method,
          headers: Object.fromEntries(
            Object.entries(req.headers).filter(([k]) => k.startsWith('x-road') || k === 'content-type'),
          ) as Record<string, string>,
          body: Buffer.concat(chunks),
        });
        const text = await up.text();
        answers.push({ kind: String(req.url).split('/sync/')[1] ?? '', body: JSON.parse(text) });
        res.writeHead(up.status, {
          'content-type': up.headers.get('content-type') ?? '',
          'x-road-id': up.headers.get('x-road-id') ?? '',
        });
        res.end(text);
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  });
  afterAll(() => server?.close());

  it.each([
    ['sync', 'extension', 'search'],
    ['sync', 'search-only', 'search'],
    ['ack', 'search-only', 'receipt'],
    ['ack', 'extension', 'search'],
  ])(
    'answer=%s spid=%s txn_status=%s: updates, txn/status (succ, pdng, rjct) and search validate',
    async (answer, spid, form) => {
      answers = [];
      await modes({ answer, spid, txn_status: form, ack_delay_ms: 0 });
      const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
      const c = createCamdx(config(url));
      const original = member({ surnameKm: 'ហួត', givenNameKm: 'សុវណ្ណារី' });
      const records = [
        record(original),
        record(member({ khmerId: '12345' })),
        record(member({ surnameKm: 'ហួត', givenNameKm: 'សុវណ្ណារី' })),
      ];
      await c.pushEnrollmentUpdates(
        { batchId: 'b', records: records.slice(0, 2) },
        ctx({ message: newMessageIdentity() }),
      );
      await c.pushEnrollmentUpdates(
        { batchId: 'b', records: records.slice(2) },
        ctx({ message: newMessageIdentity() }),
      );
      await c.txnStatus([...records.map((r) => r.referenceId), 'never.v1'], ctx());
      await c.findSpids([{ referenceId: records[0]!.referenceId, localId: original.localId }], ctx());
      c.close();

      const header = schema('#/components/schemas/MsgCallbackHeader_V1.0.0');
      const updates = schema('#/components/schemas/EnrollmentUpdatesResponse');
      const ack = schema('#/components/responses/Response/content/application~1json/schema');
      const txn = response('/registry/sync/txn/status');
      const search = response('/registry/sync/search');
      expect(answers.map((a) => a.kind)).toEqual(['enrollment/updates', 'enrollment/updates', 'txn/status', 'search']);
      for (const a of answers) {
        const body = a.body as { header: unknown; message: unknown };
        const found =
          a.kind === 'enrollment/updates'
            ? answer === 'ack'
              ? problems(ack, body)
              : [...problems(header, body.header), ...problems(updates, body.message)]
            : problems(a.kind === 'search' ? search : txn, body);
        expect(found, `${a.kind}: ${JSON.stringify(body).slice(0, 400)}`).toEqual([]);
      }
    },
  );
});
