import { z } from 'zod';
import type { Area } from '@/lib/auth/policy';
import { exportQuerySchema } from '@/lib/exports/api-schema';
import {
  gazetteerImportSchema,
  unitListSchema,
  unitsParamDocs,
  villageListSchema,
  villagesParamDocs,
} from '@/lib/gazetteer/api-schema';
import { unitsQuerySchema, villagesQuerySchema } from '@/lib/gazetteer/schemas';
import {
  attachmentParamDocs,
  attachmentParamsSchema,
  attachmentSchema,
  attachmentUploadQuerySchema,
  attachmentGrievanceParamsSchema,
} from '@/lib/grievances/attachments-schema';
import { ATTACHMENT_TYPES } from '@/lib/grievances/attachments-sniff';
import {
  importJobListSchema,
  importJobSchema,
  jobParamsSchema,
  templateParamDocs,
  templateQuerySchema,
  uploadParamDocs,
} from '@/lib/imports/api-schema';
import { uploadQuerySchema } from '@/lib/imports/jobs';
import { fileParamsSchema, fileQuerySchema } from '@/lib/payments/files-schemas';
import { householdSchema, memberRecordSchema, recordParamsSchema } from '@/lib/records/api-schema';
import {
  linesQueryDocs,
  listParamsSchema,
  listQueryDocs,
  paymentLinePageSchema,
  paymentListPageSchema,
  paymentListSchema,
  resultsOutcomeSchema,
} from '@/lib/payments/api-schema';
import { linesQuerySchema, listQuerySchema } from '@/lib/payments/schemas';
import { programmeJsonSchema, programmeListSchema, programmeParamsSchema } from '@/lib/programmes/api-schema';
import { searchFilterDocs, searchParamDocs, searchResultSchema } from '@/lib/search/api-schema';
import { searchParamsSchema } from '@/lib/search/schema';
import { grievanceDetailSchema, grievanceListSchema } from '@/lib/grievances/api-schema';
import {
  filterDocs as grievanceFilterDocs,
  grievanceFiltersSchema,
  grievanceParamsSchema,
} from '@/lib/grievances/filters';
import { GAZETTEER_UPLOAD_BYTES, PAYMENT_RESULTS_BYTES } from '@/lib/http/limits.mjs';
import { openApiDocumentSchema } from './schemas';

// Every route under app/api/v1, described once: app/api/v1/**/route.ts runs it with apiRoute() (lib/api-route.ts:
// guard from `access`, then `params` and `query` parsed), and lib/api/openapi.ts documents it from the same schemas.

/**
 * Who may call: any signed-in user, the users the policy lets into an operator area, or platform
 * administrators ('operators': the gazetteer upload) (lib/auth/policy.ts).
 */
export type Access = 'signedIn' | Area;
/** An answer that is a file (Content-Disposition: attachment) of one of these content types. */
export interface FileAnswerSpec {
  files: readonly string[];
  description: string;
}
type Answer = z.ZodType | FileAnswerSpec;
type None = z.ZodObject<Record<never, never>>;

export interface ApiRoute<
  A extends Access = Access,
  Q extends z.ZodObject = z.ZodObject,
  P extends z.ZodObject = z.ZodObject,
  R extends Answer = Answer,
> {
  method: 'get' | 'post';
  /** OpenAPI style: `{id}` for the folder `[id]`. */
  path: `/api/v1/${string}`;
  operationId: string;
  summary: string;
  description?: string;
  access: A;
  /** The query string (first value of each name); a bad parameter is a 400 naming it. */
  query?: Q;
  /** The path parameters; one that does not parse names no record: 404. */
  params?: P;
  /** What each parameter means (OpenAPI). */
  docs?: { [K in keyof z.input<Q> | keyof z.input<P>]-?: string };
  /** The raw request body's content types (a streamed upload). */
  body?: readonly string[];
  /** A JSON answer (a schema registered in lib/api/schemas.ts' apiSchemas) or a file. */
  response: R;
  status?: 200 | 201;
  /**
   * The errors it answers besides 401, 403 and 500: 400 for bad parameters, 404 for a record not found,
   * 409 for a record in a state that refuses the request, 413 for an upload over its limit.
   */
  errors?: readonly (400 | 404 | 409 | 413)[];
}

const route = <A extends Access, R extends Answer, Q extends z.ZodObject = None, P extends z.ZodObject = None>(
  r: ApiRoute<A, Q, P, R>,
) => r;

const CSV = 'text/csv; charset=utf-8';
const MULTIPART = 'multipart/form-data';
const megabytes = (bytes: number) => `${bytes / 1024 / 1024} MB`;
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const apiRoutes = {
  search: route({
    method: 'get',
    path: '/api/v1/search',
    operationId: 'searchMembers',
    summary: 'Search members and their households',
    description: 'Keyset-paginated, in name order.',
    access: 'households',
    query: searchParamsSchema,
    docs: searchParamDocs,
    response: searchResultSchema,
    errors: [400],
  }),
  household: route({
    method: 'get',
    path: '/api/v1/households/{id}',
    operationId: 'getHousehold',
    summary: 'One household with its members and address',
    access: 'households',
    params: recordParamsSchema,
    docs: { id: "The household's id (UUID)" },
    response: householdSchema,
    errors: [404],
  }),
  member: route({
    method: 'get',
    path: '/api/v1/members/{id}',
    operationId: 'getMember',
    summary: "One member, with their household's code and address",
    access: 'households',
    params: recordParamsSchema,
    docs: { id: "The member's id (UUID)" },
    response: memberRecordSchema,
    errors: [404],
  }),
  units: route({
    method: 'get',
    path: '/api/v1/gazetteer/units',
    operationId: 'listUnits',
    summary: 'The administrative units under a unit; the provinces without parent',
    access: 'signedIn',
    query: unitsQuerySchema,
    docs: unitsParamDocs,
    response: unitListSchema,
    errors: [400],
  }),
  villages: route({
    method: 'get',
    path: '/api/v1/gazetteer/villages',
    operationId: 'findVillages',
    summary: 'Villages whose Khmer or Latin name contains q (type-ahead)',
    description: 'Retired villages are left out.',
    access: 'signedIn',
    query: villagesQuerySchema,
    docs: villagesParamDocs,
    response: villageListSchema,
    errors: [400],
  }),
  export: route({
    method: 'get',
    path: '/api/v1/export',
    operationId: 'exportMembers',
    summary: 'Every member the search finds with these filters, as a file',
    description: 'Streamed; every export is audited. Paging parameters (cursor, limit) are ignored.',
    access: 'export',
    query: exportQuerySchema,
    docs: { format: 'File format', ...searchFilterDocs },
    response: { files: [CSV, XLSX], description: 'The file (Content-Disposition: attachment)' },
    errors: [400],
  }),
  imports: route({
    method: 'get',
    path: '/api/v1/imports',
    operationId: 'listImports',
    summary: "The operator's 20 most recent import jobs, newest first, with their progress",
    access: 'enrolment',
    response: importJobListSchema,
  }),
  upload: route({
    method: 'post',
    path: '/api/v1/imports/upload',
    operationId: 'uploadImport',
    summary: 'Upload a household file (CSV or Excel); it is checked and imported in the background',
    description: 'The file is the raw request body. A request with a foreign Origin is refused (403).',
    access: 'enrolment',
    query: uploadQuerySchema,
    docs: uploadParamDocs,
    body: ['text/csv', XLSX, 'application/octet-stream'],
    response: importJobSchema,
    status: 201,
    errors: [400],
  }),
  template: route({
    method: 'get',
    path: '/api/v1/imports/template',
    operationId: 'importTemplate',
    summary: 'The import template, with the column headers in Khmer and English',
    access: 'enrolment',
    query: templateQuerySchema,
    docs: templateParamDocs,
    response: { files: [CSV, XLSX], description: 'The template (Content-Disposition: attachment)' },
  }),
  importJob: route({
    method: 'get',
    path: '/api/v1/imports/{id}',
    operationId: 'getImport',
    summary: 'One import job and its progress',
    access: 'enrolment',
    params: jobParamsSchema,
    docs: { id: "The job's id (UUID)" },
    response: importJobSchema,
    errors: [404],
  }),
  importReport: route({
    method: 'get',
    path: '/api/v1/imports/{id}/report',
    operationId: 'importReport',
    summary: "The rows that were not imported and why, as CSV in the caller's language",
    description: "Columns: row, column, problem, then the row's original values.",
    access: 'enrolment',
    params: jobParamsSchema,
    docs: { id: "The job's id (UUID)" },
    response: { files: [CSV], description: 'The report (Content-Disposition: attachment)' },
    errors: [404],
  }),
  programmes: route({
    method: 'get',
    path: '/api/v1/programmes',
    operationId: 'listProgrammes',
    summary: "The operator's benefit programmes, with their rules",
    access: 'programmes',
    response: programmeListSchema,
  }),
  programme: route({
    method: 'get',
    path: '/api/v1/programmes/{id}',
    operationId: 'getProgramme',
    summary: 'One programme, with its rules',
    access: 'programmes',
    params: programmeParamsSchema,
    docs: { id: "The programme's id (UUID)" },
    response: programmeJsonSchema,
    errors: [404],
  }),
  paymentLists: route({
    method: 'get',
    path: '/api/v1/payment-lists',
    operationId: 'listPaymentLists',
    summary: "The operator's payment lists, newest first, with their totals",
    description: 'Keyset-paginated: pass `next` as `after`.',
    access: 'payments',
    query: listQuerySchema,
    docs: listQueryDocs,
    response: paymentListPageSchema,
    errors: [400],
  }),
  paymentList: route({
    method: 'get',
    path: '/api/v1/payment-lists/{id}',
    operationId: 'getPaymentList',
    summary: 'One payment list: state, totals, who generated, submitted and approved it',
    access: 'payments',
    params: listParamsSchema,
    docs: { id: "The list's id (UUID)" },
    response: paymentListSchema,
    errors: [404],
  }),
  paymentLines: route({
    method: 'get',
    path: '/api/v1/payment-lists/{id}/lines',
    operationId: 'listPaymentLines',
    summary: "A payment list's lines in line order, with the recipient and payment details frozen at generation",
    description: 'Keyset-paginated by line number: pass `next` as `after`.',
    access: 'payments',
    params: listParamsSchema,
    query: linesQuerySchema,
    docs: { id: "The list's id (UUID)", ...linesQueryDocs },
    response: paymentLinePageSchema,
    errors: [400, 404],
  }),
  openApi: route({
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'openApi',
    summary: 'This document',
    access: 'signedIn',
    response: openApiDocumentSchema,
  }),
  // Grievance attachments: the upload's guard covers grievanceHandling too (its roles are all in
  // grievanceIntake); the grievance must also be one the caller can see (lib/grievances/attachments.ts).
  grievanceAttach: route({
    method: 'post',
    path: '/api/v1/grievances/{id}/attachments',
    operationId: 'attachToGrievance',
    summary: 'Attach an image (JPEG, PNG, WebP) or a PDF of at most 10 MB to a grievance',
    description:
      'The file is the raw request body, streamed to disk; its type is read from its content, not its name or ' +
      'Content-Type. Refused before the body is read when the caller may not see the grievance (404) or the ' +
      'declared Content-Length is over the limit (400, attachmentTooLarge); a body that grows past the limit is ' +
      'cut off (400). A request with a foreign Origin is refused (403).',
    access: 'grievanceIntake',
    params: attachmentGrievanceParamsSchema,
    query: attachmentUploadQuerySchema,
    docs: { id: attachmentParamDocs.id, name: attachmentParamDocs.name },
    body: [...ATTACHMENT_TYPES, 'application/octet-stream'],
    response: attachmentSchema,
    status: 201,
    errors: [400, 404],
  }),
  grievanceAttachment: route({
    method: 'get',
    path: '/api/v1/grievances/{id}/attachments/{attachmentId}',
    operationId: 'getGrievanceAttachment',
    summary: 'Download one attachment of a grievance the caller can see',
    description: 'Always as a download (Content-Disposition: attachment, X-Content-Type-Options: nosniff).',
    access: 'grievances',
    params: attachmentParamsSchema,
    docs: { id: attachmentParamDocs.id, attachmentId: "The attachment's id (UUID)" },
    response: { files: ATTACHMENT_TYPES, description: 'The file, of the type read from its content' },
    errors: [404],
  }),
  paymentListFile: route({
    method: 'get',
    path: '/api/v1/payment-lists/{id}/file',
    operationId: 'paymentListFile',
    summary: "An approved payment list as its provider's file (CSV or XLSX)",
    description:
      'Streamed, in the layout of the chosen provider or the default one. The first download of an approved list marks it exported; every download is audited. A list not yet approved: 409.',
    access: 'paymentLists',
    params: fileParamsSchema,
    query: fileQuerySchema,
    docs: {
      id: "The list's id (UUID)",
      provider: "A payment provider's id (UUID); none: the default layout",
      format: 'File format of the default layout (csv or xlsx); a provider sets its own',
    },
    response: { files: [CSV, XLSX], description: 'The file (Content-Disposition: attachment)' },
    errors: [400, 404],
  }),
  // Uploads as multipart form data, streamed to disk (lib/uploads/multipart.ts) after the caller is checked.
  gazetteerUpload: route({
    method: 'post',
    path: '/api/v1/gazetteer/upload',
    operationId: 'uploadGazetteer',
    summary: "Import an edition of the gazetteer: pumi's CSV or YAML files, or NCDD's CSV export",
    description:
      `Multipart form data, one or more files under \`files\` (at most 50, ${megabytes(GAZETTEER_UPLOAD_BYTES)} ` +
      'together). Refused before the body is read when the caller is not a platform administrator; a body over ' +
      'the limit, declared or counted, is 413 and nothing of it is kept. A file that cannot be read or lists no ' +
      'unit is 400 (fields.files). A request with a foreign Origin is refused (403).',
    access: 'operators',
    body: [MULTIPART],
    response: gazetteerImportSchema,
    status: 201,
    errors: [400, 413],
  }),
  paymentResults: route({
    method: 'post',
    path: '/api/v1/payment-lists/{id}/results',
    operationId: 'importPaymentResults',
    summary: "Apply a payment provider's results file (CSV or XLSX) to an exported list",
    description:
      `Multipart form data: the file under \`file\` (at most ${megabytes(PAYMENT_RESULTS_BYTES)}) and ` +
      '`amountFormat` (decimal or minor; default decimal). The list is checked before the body is read: ' +
      "another operator's or unknown is 404, one not yet exported 409. A body over the limit, declared or " +
      'counted, is 413 and nothing of it is kept. A file refused as a whole (no header, an unknown column) is ' +
      'answered with status "refused"; the same file twice with "alreadyImported". A request with a foreign ' +
      'Origin is refused (403).',
    access: 'paymentLists',
    params: listParamsSchema,
    docs: { id: "The list's id (UUID)" },
    body: [MULTIPART],
    response: resultsOutcomeSchema,
    errors: [400, 404, 409, 413],
  }),
  grievances: route({
    method: 'get',
    path: '/api/v1/grievances',
    operationId: 'listGrievances',
    summary: "The operator's grievances with the queue's filters, newest first, and the counts per status",
    description: 'Keyset-paginated. Sensitive grievances are listed only for their assignee and the administrators.',
    access: 'grievances',
    query: grievanceFiltersSchema,
    docs: grievanceFilterDocs,
    response: grievanceListSchema,
    errors: [400],
  }),
  grievance: route({
    method: 'get',
    path: '/api/v1/grievances/{id}',
    operationId: 'getGrievance',
    summary: 'One grievance with its history',
    description: 'A sensitive grievance is not found for anyone but its assignee and the administrators.',
    access: 'grievances',
    params: grievanceParamsSchema,
    docs: { id: "The grievance's id (UUID)" },
    response: grievanceDetailSchema,
    errors: [404],
  }),
};
