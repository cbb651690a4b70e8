import { beforeAll, describe, expect, it } from 'vitest';
import { listProviders, createProvider } from '@/lib/payments/providers';
import { DEFAULT_LAYOUT, providerSchema } from '@/lib/payments/files-schemas';
import { importResults, listResultImports } from '@/lib/payments/reconcile';
import { listHeader, listSummary } from '@/lib/payments/summary';
import { listFixture, type ListFixture } from './payment-files-fixtures';

// Two operators with look-alike providers (same name), lists and result imports (the same file):
// every list the payment-files pages show holds only the caller's rows.

let a: ListFixture;
let b: ListFixture;

const results = (f: ListFixture) => ({
  name: 'results.csv',
  bytes: new TextEncoder().encode(`line_ref,status\n${f.lines[0]!.lineRef},paid\n`),
});

beforeAll(async () => {
  a = await listFixture({ lines: 2, status: 'exported' });
  await createProvider(a.actor, providerSchema.parse({ name: 'Wing', channel: 'wing', layout: DEFAULT_LAYOUT }));
  await importResults(a.actor, a.list.id, results(a));
  b = await listFixture({ lines: 3, status: 'exported' });
  await createProvider(b.actor, providerSchema.parse({ name: 'Wing', channel: 'wing', layout: DEFAULT_LAYOUT }));
  await importResults(b.actor, b.list.id, results(b));
});

describe('payment files: nothing of another operator', () => {
  it('providers', async () => {
    const mine = await listProviders(b.actor);
    expect(mine).toHaveLength(1);
    expect(mine.every((p) => p.operatorId === b.operatorId)).toBe(true);
    const theirs = await listProviders(a.actor);
    expect(theirs.every((p) => p.operatorId === a.operatorId)).toBe(true);
  });

  it('result imports of a list', async () => {
    expect(await listResultImports(b.actor, a.list.id)).toEqual([]);
    expect(await listResultImports(a.actor, a.list.id)).toHaveLength(1);
  });

  it("a list's summary and header", async () => {
    await expect(listSummary(b.actor, a.list.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listHeader(b.actor, a.list.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const own = await listSummary(a.actor, a.list.id);
    expect(own.communes.reduce((n, c) => n + c.lines, 0)).toBe(2);
    expect(own.communes.reduce((n, c) => n + c.amount, 0)).toBe(own.list.totalAmount);
  });
});
