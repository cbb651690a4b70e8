import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { currentUser, setSessionCacheMs } from '@/lib/auth/session';
import { decodeSessionToken } from '@/lib/auth/token';
import { setStaffActive } from '@/lib/users/service';
import { makeOperator, makeUser, signInAs } from './helpers/fixtures';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('the session cookie is decoded as next-auth decodes it, with the key derived once', () => {
  it("reads next-auth's own token", async () => {
    const token = await encode({ token: { sid: 'abc' }, secret: SECRET });
    expect(await decodeSessionToken(token, SECRET)).toMatchObject({ sid: 'abc' });
    // Again, with the key from the cache.
    expect(await decodeSessionToken(token, SECRET)).toMatchObject({ sid: 'abc' });
  });

  it('refuses a token made with another secret, or expired', async () => {
    const other = await encode({ token: { sid: 'abc' }, secret: `${SECRET}-other` });
    await expect(decodeSessionToken(other, SECRET)).rejects.toThrow();
    const expired = await encode({ token: { sid: 'abc' }, secret: SECRET, maxAge: -60 });
    await expect(decodeSessionToken(expired, SECRET)).rejects.toThrow();
  });
});

describe('a session read is kept briefly, and forgotten when this instance changes users', () => {
  let operatorId: string;
  beforeAll(async () => {
    operatorId = (await makeOperator()).id;
    setSessionCacheMs(300);
  });
  afterAll(() => setSessionCacheMs(0));

  it('a deactivation through the domain takes effect on the next request', async () => {
    const admin = await makeUser({ operatorId, roles: ['operator_admin'] });
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    await signInAs(user.id);
    expect(await currentUser()).toMatchObject({ id: user.id });
    const actor = { ...(await currentUser())!, id: admin.id, operatorId, roles: ['operator_admin' as const] };
    await setStaffActive(actor, { userId: user.id, active: false });
    expect(await currentUser()).toBeNull();
  });

  it('a change made elsewhere (another instance) is seen within the cache time', async () => {
    const user = await makeUser({ operatorId, roles: ['viewer'] });
    await signInAs(user.id);
    expect(await currentUser()).toMatchObject({ id: user.id });
    await db().update(users).set({ active: false }).where(eq(users.id, user.id));
    // Still the cached read...
    expect(await currentUser()).toMatchObject({ id: user.id });
    await new Promise((r) => setTimeout(r, 350));
    // ...and no longer.
    expect(await currentUser()).toBeNull();
  });
});
