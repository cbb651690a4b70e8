import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { importJobs } from '@/db/schema';
import { makeUser } from '../helpers/fixtures';
import { householdWithKhmerId } from './seed';
import type { Ctx, Rules } from './types';

/** A finished import job of ctx's operator, for the routes that name one. */
async function jobOf(ctx: Ctx): Promise<string> {
  const actor = await makeUser({ operatorId: ctx.operatorId, roles: ['enrolment_officer'] });
  const [job] = await db()
    .insert(importJobs)
    .values({
      operatorId: ctx.operatorId,
      actorId: actor.id,
      fileName: 'members.csv',
      fileSha256: '',
      status: 'done',
    })
    .returning({ id: importJobs.id });
  return job!.id;
}

export const rules: Rules = {
  // No body: the upload is refused as empty on the spot, so no job keeps running after the test.
  // The refused job is still recorded: B's administrator's lands in B.
  'app/api/v1/imports/upload/route.ts#POST': {
    access: 'enrolment',
    request: () => ({ url: 'http://localhost/api/v1/imports/upload?name=members.csv', method: 'POST' }),
    crossOperator: {
      creates: async ({ data }) => {
        const id = (data as { id?: string } | undefined)?.id;
        if (!id) return undefined;
        const [job] = await db()
          .select({ operatorId: importJobs.operatorId })
          .from(importJobs)
          .where(eq(importJobs.id, id));
        return job?.operatorId;
      },
    },
  },
  // The operator's recent jobs: B's administrator's list holds none of A's.
  'app/api/v1/imports/route.ts#GET': {
    access: 'enrolment',
    request: () => ({ url: 'http://localhost/api/v1/imports' }),
    crossOperator: { lists: async (a) => ({ markers: [await jobOf(a)] }) },
  },
  'app/api/v1/imports/template/route.ts#GET': {
    access: 'enrolment',
    request: () => ({ url: 'http://localhost/api/v1/imports/template?format=csv' }),
    crossOperator: false,
    reason: "The same blank template for every operator: column headings, no operator's data.",
  },
  // Each names a job of ctx's operator: the default check (B's administrator gets not found).
  'app/api/v1/imports/[id]/route.ts#GET': {
    access: 'enrolment',
    request: async (ctx) => {
      const id = await jobOf(ctx);
      return { url: `http://localhost/api/v1/imports/${id}`, params: { id } };
    },
  },
  'app/api/v1/imports/[id]/report/route.ts#GET': {
    access: 'enrolment',
    request: async (ctx) => {
      const id = await jobOf(ctx);
      return { url: `http://localhost/api/v1/imports/${id}/report`, params: { id } };
    },
  },
  // B's administrator exports with the Khmer ID of A's member as the filter: the file has no row
  // of A (A's administrator's has it).
  'app/api/v1/export/route.ts#GET': {
    access: 'export',
    request: () => ({ url: 'http://localhost/api/v1/export?format=csv&sex=F' }),
    crossOperator: {
      lists: async (a) => {
        const { household, khmerId } = await householdWithKhmerId(a);
        return {
          markers: [household.code, khmerId],
          request: { url: `http://localhost/api/v1/export?format=csv&q=${khmerId}` },
        };
      },
    },
  },
};
