import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { paymentProviders } from '@/db/schema';
import { DEFAULT_LAYOUT } from '@/lib/payments/files-schemas';
import { seedList } from '../payment-files-fixtures';
import type { Ctx, RequestSpec, Rules } from './types';

/** A provider of ctx's operator, fresh for each call (an update or delete changes it). */
async function providerOf(ctx: Ctx) {
  const [p] = await db()
    .insert(paymentProviders)
    .values({ operatorId: ctx.operatorId, name: `Wing ${randomUUID()}`, channel: 'wing', layout: DEFAULT_LAYOUT })
    .returning();
  return p!;
}

const providerInput = () => ({ name: `Bank ${randomUUID()}`, channel: 'bank', layout: DEFAULT_LAYOUT });

/** A results file for a fresh exported list of ctx's operator, posted as the results page does. */
async function resultsUpload(ctx: Ctx): Promise<RequestSpec> {
  const { list, lines } = await seedList(ctx.operatorId, { lines: 1, status: 'exported' });
  const data = new FormData();
  data.append('amountFormat', 'decimal');
  data.append(
    'file',
    new File(
      [`line_ref,status,reason,transaction_ref,date_paid\n${lines[0]!.lineRef},paid,,T1,2026-12-16\n`],
      'r.csv',
      { type: 'text/csv' },
    ),
  );
  return {
    url: `http://localhost/api/v1/payment-lists/${list.id}/results`,
    method: 'POST',
    params: { id: list.id },
    body: data,
  };
}

export const rules: Rules = {
  // Each names an approved list of ctx's operator: the default check (B's administrator gets not found).
  'app/api/v1/payment-lists/[id]/file/route.ts#GET': {
    access: 'paymentLists',
    request: async (ctx) => {
      const { list } = await seedList(ctx.operatorId, { lines: 2, status: 'approved' });
      return { url: `http://localhost/api/v1/payment-lists/${list.id}/file?format=csv`, params: { id: list.id } };
    },
  },
  'app/api/v1/payment-lists/[id]/results/route.ts#POST': {
    access: 'paymentLists',
    request: resultsUpload,
  },
  // B's administrator's provider lands in B.
  'app/(app)/payments/providers/actions.ts#createProviderAction': {
    access: 'programmesManage',
    input: providerInput,
    crossOperator: {
      creates: async ({ data }) => {
        const id = (data as { id?: string } | undefined)?.id;
        if (!id) return undefined;
        const [p] = await db()
          .select({ operatorId: paymentProviders.operatorId })
          .from(paymentProviders)
          .where(eq(paymentProviders.id, id));
        return p?.operatorId;
      },
    },
  },
  'app/(app)/payments/providers/actions.ts#updateProviderAction': {
    access: 'programmesManage',
    input: async (ctx) => ({ ...providerInput(), id: (await providerOf(ctx)).id, version: 1 }),
  },
  'app/(app)/payments/providers/actions.ts#deleteProviderAction': {
    access: 'programmesManage',
    input: async (ctx) => ({ id: (await providerOf(ctx)).id }),
  },
};
