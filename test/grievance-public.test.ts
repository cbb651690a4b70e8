import { and, count, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/public/grievances/[operatorCode]/route';
import { db } from '@/db/client';
import { auditLog, grievances, operators } from '@/db/schema';
import { publicCategories, publicIntakeOperator } from '@/lib/grievances/public';
import { PUBLIC_BODY_LIMIT, PUBLIC_INTAKE_LIMIT } from '@/lib/grievances/public-http';
import { clientAddress } from '@/lib/grievances/rate-limit';
import { edgeToken } from '@/lib/http/server.mjs';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';
import { requestHeaders } from './helpers/request';

// The public grievance page's form handler, as a browser or a robot would call it, on the real database.

// The headers the app's server (lib/http/server.mjs) sets on every request: the client's address it
// resolved from the socket and TRUSTED_PROXIES, with this process's token (test/http-edge.test.ts
// covers how the address is resolved).
const viaEdge = (address: string) => ({ 'x-sdp-client-address': address, 'x-sdp-edge': edgeToken() });

/** An operator with its public page on (or off), and a category a person may choose. */
async function operatorWithPage(on = true) {
  const op = await makeOperator();
  if (on) await db().update(operators).set({ publicGrievances: true }).where(eq(operators.id, op.id));
  const tenant = { operatorId: op.id, operatorCode: op.code, nameKm: op.nameKm, nameEn: op.nameEn };
  const [category] = await publicCategories(tenant);
  return { op, categoryId: category!.id };
}

const report = (categoryId: string, extra: Record<string, string> = {}) => ({
  complainantKind: 'anonymous',
  categoryId,
  description: 'ខ្ញុំមិនទាន់បានទទួលប្រាក់ខែនេះទេ',
  ...extra,
});

/** A body that records whether anything read it (highWaterMark 0: nothing is pulled in advance). */
function watched(text: string) {
  const bytes = new TextEncoder().encode(text);
  let pulled = false;
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        pulled = true;
        if (offset >= bytes.length) return c.close();
        c.enqueue(bytes.subarray(offset, offset + 8192));
        offset += 8192;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

async function post(code: string, body: string, headers: Record<string, string> = {}, type = 'application/json') {
  const w = watched(body);
  const init = {
    method: 'POST',
    body: w.stream,
    duplex: 'half',
    headers: { 'content-type': type, ...headers },
  } as RequestInit & { duplex: 'half' };
  const res = await POST(
    new NextRequest(
      `http://localhost/api/public/grievances/${code}`,
      init as ConstructorParameters<typeof NextRequest>[1],
    ),
    { params: Promise.resolve({ operatorCode: code }) },
  );
  return { res, pulled: w.pulled() };
}

const grievanceCount = async (operatorId: string) =>
  (await db().select({ n: count() }).from(grievances).where(eq(grievances.operatorId, operatorId)))[0]!.n;

describe('the public grievance page', () => {
  it('is off by default: 404 before the body is read, as for an unknown code', async () => {
    const { op, categoryId } = await operatorWithPage(false);
    expect(await publicIntakeOperator(op.code)).toBeNull();
    for (const code of [op.code, 'NO-SUCH-OP', '../../etc']) {
      const { res, pulled } = await post(code, JSON.stringify(report(categoryId)));
      expect(res.status, code).toBe(404);
      expect(pulled).toBe(false);
    }
    expect(await grievanceCount(op.id)).toBe(0);
  });

  it('when on, files the grievance and answers its reference number only', async () => {
    const { op, categoryId } = await operatorWithPage();
    const { res } = await post(op.code, JSON.stringify(report(categoryId)));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['reference']);
    expect(body.reference).toMatch(new RegExp(`^${op.code}-G-\\d{6}$`));
    const [row] = await db()
      .select()
      .from(grievances)
      .where(eq(grievances.code, body.reference as string));
    // Anonymous: nothing that identifies a person is stored.
    expect(row).toMatchObject({
      operatorId: op.id,
      source: 'public',
      channel: 'online',
      complainantKind: 'anonymous',
      complainantName: null,
      contactPhone: null,
      memberId: null,
      createdBy: null,
    });
  });

  it('takes the plain HTML form (no JavaScript) and redirects to the reference', async () => {
    const { op, categoryId } = await operatorWithPage();
    const form = new URLSearchParams({
      ...report(categoryId, {
        complainantKind: 'non_member',
        complainantName: 'Sok Dara',
        contactPhone: '012 345 678',
      }),
      website: '',
    });
    const { res } = await post(op.code, form.toString(), {}, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('location')!);
    expect(to.pathname).toBe(`/report/${op.code}/sent`);
    const [row] = await db()
      .select()
      .from(grievances)
      .where(eq(grievances.code, to.searchParams.get('ref')!));
    expect(row).toMatchObject({ complainantName: 'Sok Dara', contactPhone: '+85512345678' });
    // Invalid: back to the form, nothing stored.
    const before = await grievanceCount(op.id);
    const bad = await post(op.code, 'complainantKind=anonymous&description=', {}, 'application/x-www-form-urlencoded');
    expect(bad.res.status).toBe(303);
    expect(bad.res.headers.get('location')).toContain(`/report/${op.code}?error=invalid`);
    expect(await grievanceCount(op.id)).toBe(before);
  });

  it('answers invalid input beside its fields, and a category of another operator as unknown', async () => {
    const { op } = await operatorWithPage();
    const { categoryId: theirs } = await operatorWithPage();
    const { res } = await post(
      op.code,
      JSON.stringify({ complainantKind: 'non_member', categoryId: theirs, description: '' }),
    );
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(error.fields).toMatchObject({ description: ['required'], complainantName: ['required'] });
    const other = await post(op.code, JSON.stringify(report(theirs)));
    expect(other.res.status).toBe(400);
    expect(await other.res.json()).toMatchObject({ error: { fields: { categoryId: ['unknownCategory'] } } });
    expect((await post(op.code, '{"complainantKind":')).res.status).toBe(400);
    expect(await grievanceCount(op.id)).toBe(0);
  });

  it('refuses a post from another site’s page before reading it', async () => {
    const { op, categoryId } = await operatorWithPage();
    const { res, pulled } = await post(op.code, JSON.stringify(report(categoryId)), {
      origin: 'http://evil.example',
      host: 'localhost',
    });
    expect(res.status).toBe(403);
    expect(pulled).toBe(false);
    expect(await grievanceCount(op.id)).toBe(0);
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const { op, categoryId } = await operatorWithPage();
    const { res } = await post(op.code, JSON.stringify(report(categoryId, { website: 'http://spam.example' })));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { reference: string }).reference).toMatch(new RegExp(`^${op.code}-G-\\d{6}$`));
    expect(await grievanceCount(op.id)).toBe(0);
  });

  it('refuses a body over the limit: on its declared length before reading, else when the count passes it', async () => {
    const { op, categoryId } = await operatorWithPage();
    const declared = await post(op.code, JSON.stringify(report(categoryId)), {
      'content-length': String(PUBLIC_BODY_LIMIT + 1),
    });
    expect(declared.res.status).toBe(413);
    expect(declared.pulled).toBe(false);
    const long = JSON.stringify(report(categoryId, { description: 'x'.repeat(PUBLIC_BODY_LIMIT) }));
    const streamed = await post(op.code, long);
    expect(streamed.res.status).toBe(413);
    expect(await grievanceCount(op.id)).toBe(0);
  });

  it('refuses a flood from one address with 429 and a clear message; another address is still accepted', async () => {
    requestHeaders.set('accept-language', 'en');
    const { op, categoryId } = await operatorWithPage();
    const from = viaEdge;
    const body = JSON.stringify(report(categoryId));
    for (let i = 0; i < PUBLIC_INTAKE_LIMIT.hits; i++)
      expect((await post(op.code, body, from('203.0.113.7'))).res.status).toBe(201);
    const flood = await post(op.code, body, from('203.0.113.7'));
    expect(flood.res.status).toBe(429);
    expect(flood.pulled).toBe(false);
    expect(Number(flood.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await flood.res.json()).toMatchObject({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many reports .* Try again in \d+ minutes\.$/),
      },
    });
    expect((await post(op.code, body, from('198.51.100.9'))).res.status).toBe(201);
    // Another operator's page has its own limits.
    const other = await operatorWithPage();
    expect((await post(other.op.code, JSON.stringify(report(other.categoryId)), from('203.0.113.7'))).res.status).toBe(
      201,
    );
    expect(await grievanceCount(op.id)).toBe(PUBLIC_INTAKE_LIMIT.hits + 1);
    requestHeaders.delete('accept-language');
  });

  it('believes no address a client wrote: without the server’s token every caller shares the operator’s one bucket', async () => {
    const { op, categoryId } = await operatorWithPage();
    const body = JSON.stringify(report(categoryId));
    for (let i = 0; i < PUBLIC_INTAKE_LIMIT.hits; i++)
      expect(
        (
          await post(op.code, body, {
            'x-forwarded-for': `192.0.2.${i + 1}`,
            'x-sdp-client-address': `192.0.2.${i + 1}`,
            'x-sdp-edge': 'guessed',
          })
        ).res.status,
      ).toBe(201);
    expect((await post(op.code, body, { 'x-forwarded-for': '192.0.2.200' })).res.status).toBe(429);
    expect((await post(op.code, body)).res.status).toBe(429);
  });
});

describe('the client address', () => {
  it('is the address the server resolved, an IPv6 client counted by its /64', () => {
    const headers = (h: Record<string, string>) => new Headers(h);
    expect(clientAddress(headers(viaEdge('203.0.113.7')))).toBe('203.0.113.7');
    expect(clientAddress(headers(viaEdge('2001:db8:1:2:aaaa::1')))).toBe('2001:db8:1:2::/64');
    expect(clientAddress(headers(viaEdge('2001:db8:1:2:bbbb:cccc:dddd:eeee')))).toBe('2001:db8:1:2::/64');
    expect(clientAddress(headers(viaEdge('not-an-address')))).toBeNull();
    expect(clientAddress(headers({ 'x-forwarded-for': '203.0.113.7' }))).toBeNull();
    expect(clientAddress(headers({ 'x-sdp-client-address': '203.0.113.7', 'x-sdp-edge': 'guessed' }))).toBeNull();
    expect(clientAddress(headers({}))).toBeNull();
  });
});

describe('turning the public page on and off', () => {
  it('is the operator administrator’s setting of their own operator, audited', async () => {
    const { op } = await operatorWithPage(false);
    const admin = await makeUser({ operatorId: op.id, roles: ['operator_admin'] });
    await signInAs(admin.id);
    const { setPublicIntakeAction } = await import('@/app/(app)/grievances/public-intake/actions');
    expect(await setPublicIntakeAction({ enabled: true })).toEqual({ ok: true, data: { enabled: true } });
    expect(await publicIntakeOperator(op.code)).not.toBeNull();
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, op.id), eq(auditLog.action, 'grievance.publicIntake')));
    expect(audits.map((a) => a.after)).toEqual([{ publicGrievances: true }]);
    expect(await setPublicIntakeAction({ enabled: false })).toEqual({ ok: true, data: { enabled: false } });
    expect(await publicIntakeOperator(op.code)).toBeNull();
    const officer = await makeUser({ operatorId: op.id, roles: ['grievance_officer'] });
    await signInAs(officer.id);
    expect(await setPublicIntakeAction({ enabled: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await publicIntakeOperator(op.code)).toBeNull();
  });
});
