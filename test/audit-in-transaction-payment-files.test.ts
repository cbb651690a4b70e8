import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, paymentLines, paymentLists, paymentProviders, paymentResultImports } from '@/db/schema';
import { DEFAULT_LAYOUT, providerSchema } from '@/lib/payments/files-schemas';
import { paymentListFile } from '@/lib/payments/files';
import { createProvider, deleteProvider, updateProvider } from '@/lib/payments/providers';
import { importResults } from '@/lib/payments/reconcile';
import { listFixture } from './payment-files-fixtures';
import { ownerDb } from './helpers/owner';

// The provider file, the results import and the provider changes write their audit rows in the
// change's own transaction: a change made to fail at COMMIT (a deferred constraint trigger, as in
// test/audit-in-transaction.test.ts) leaves no audit row and nothing of the change.

const MARK = 'fail at commit (test)';
const SAVE_TIMEOUT = 8_000;

beforeAll(async () => {
  const statements = [
    'create table if not exists test_fail_at_commit_pf (id uuid primary key)',
    `create or replace function test_fail_pf() returns trigger language plpgsql as $$
     begin
       if exists (select 1 from test_fail_at_commit_pf where id = (case when tg_op = 'DELETE' then old.id else new.id end)) then
         raise exception 'test: % fails at commit', tg_table_name;
       end if;
       return null;
     end $$`,
    // A provider's name is only read here: payment_lists has none.
    `create or replace function test_fail_pf_name() returns trigger language plpgsql as $$
     begin
       if tg_op <> 'DELETE' and new.name = '${MARK}' then
         raise exception 'test: % fails at commit', tg_table_name;
       end if;
       return null;
     end $$`,
    ...[
      ['payment_lists', 'test_fail_pf'],
      ['payment_providers', 'test_fail_pf'],
    ].map(
      ([table, fn]) =>
        `create constraint trigger test_fail_at_commit_pf after insert or update or delete on ${table}
       deferrable initially deferred for each row execute function ${fn}()`,
    ),
    `create constraint trigger test_fail_at_commit_pf_name after insert or update on payment_providers
       deferrable initially deferred for each row execute function test_fail_pf_name()`,
  ];
  // Test DDL: the owner (the app code under test runs as the app role).
  for (const s of statements) await ownerDb().execute(sql.raw(s));
});

async function failAtCommit(id: string) {
  await db().execute(sql`insert into test_fail_at_commit_pf (id) values (${id}::uuid)`);
}
async function auditsOf(id: string) {
  return db().select().from(auditLog).where(eq(auditLog.entityId, id));
}
async function fails(p: Promise<unknown>) {
  await expect(p).rejects.toThrow();
}
const provider = (name = 'Wing') => providerSchema.parse({ name, channel: 'wing', layout: DEFAULT_LAYOUT });

describe('audit rows commit with their change, or not at all', () => {
  it(
    'the first download of an approved list: not exported, no audit row',
    async () => {
      const f = await listFixture({ lines: 2, status: 'approved' });
      await failAtCommit(f.list.id);
      await fails(paymentListFile(f.actor, f.list.id));
      const [l] = await db().select().from(paymentLists).where(eq(paymentLists.id, f.list.id));
      expect(l!.status).toBe('approved');
      expect(await auditsOf(f.list.id)).toEqual([]);
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'a results import: no line changed, no import recorded, no audit row',
    async () => {
      const f = await listFixture({ lines: 2, status: 'exported' });
      await failAtCommit(f.list.id);
      const file = new TextEncoder().encode(
        `line_ref,status\n${f.lines[0]!.lineRef},paid\n${f.lines[1]!.lineRef},failed\n`,
      );
      await fails(importResults(f.actor, f.list.id, { name: 'r.csv', bytes: file }));
      const lines = await db().select().from(paymentLines).where(eq(paymentLines.listId, f.list.id));
      expect(lines.map((l) => l.status)).toEqual(['pending', 'pending']);
      expect(await db().select().from(paymentResultImports).where(eq(paymentResultImports.listId, f.list.id))).toEqual(
        [],
      );
      expect(await auditsOf(f.list.id)).toEqual([]);
    },
    SAVE_TIMEOUT * 2,
  );

  it(
    'creating, changing and deleting a provider',
    async () => {
      const f = await listFixture({ lines: 1 });
      const before = await db().select().from(auditLog).where(eq(auditLog.entityType, 'payment_provider'));
      await fails(createProvider(f.actor, provider(MARK)));
      const after = await db().select().from(auditLog).where(eq(auditLog.entityType, 'payment_provider'));
      expect(after.length).toBe(before.length);

      const { id } = await createProvider(f.actor, provider('Bank'));
      await failAtCommit(id);
      await fails(updateProvider(f.actor, id, 1, provider('Bank 2')));
      await fails(deleteProvider(f.actor, id));
      const [p] = await db().select().from(paymentProviders).where(eq(paymentProviders.id, id));
      expect(p).toMatchObject({ name: 'Bank', version: 1 });
      expect((await auditsOf(id)).map((a) => a.action)).toEqual(['paymentProvider.create']);
    },
    SAVE_TIMEOUT * 3,
  );
});
