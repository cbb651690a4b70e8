import { db } from '@/db/client';
import { importJobs } from '@/db/schema';
import { makeUser } from '../helpers/fixtures';
import type { Ctx, Rules } from './types';

/** A finished import job of ctx's operator, for the routes that name one. */
async function jobOf(ctx: Ctx): Promise<string> {
  const actor = await makeUser({ operatorId: ctx.operatorId, roles: ['enrolment_officer'] });
  const [job] = await db().insert(importJobs).values({
    operatorId: ctx.operatorId, actorId: actor.id, fileName: 'members.csv', fileSha256: '', status: 'done',
  }).returning({ id: importJobs.id });
  return job!.id;
}

export const rules: Rules = {
  // No body: the upload is refused as empty on the spot, so no job keeps running after the test.
  'app/api/v1/imports/upload/route.ts#POST': {
    access: 'enrolment', request: () => ({ url: 'http://localhost/api/v1/imports/upload?name=members.csv', method: 'POST' }),
  },
  'app/api/v1/imports/route.ts#GET': { access: 'enrolment', request: () => ({ url: 'http://localhost/api/v1/imports' }) },
  'app/api/v1/imports/template/route.ts#GET': {
    access: 'enrolment', request: () => ({ url: 'http://localhost/api/v1/imports/template?format=csv' }),
  },
  'app/api/v1/imports/[id]/route.ts#GET': {
    access: 'enrolment', crossOperator: true,
    request: async (ctx) => {
      const id = await jobOf(ctx);
      return { url: `http://localhost/api/v1/imports/${id}`, params: { id } };
    },
  },
  'app/api/v1/imports/[id]/report/route.ts#GET': {
    access: 'enrolment', crossOperator: true,
    request: async (ctx) => {
      const id = await jobOf(ctx);
      return { url: `http://localhost/api/v1/imports/${id}/report`, params: { id } };
    },
  },
  'app/api/v1/export/route.ts#GET': { access: 'export', request: () => ({ url: 'http://localhost/api/v1/export?format=csv&sex=F' }) },
};
