// Request body limits, read by the custom server (scripts/server.mjs, before Next reads a byte) and by
// the route handlers that stream uploads (which count the bytes themselves: a Content-Length can lie or
// be absent). Plain JavaScript so that the server can load it without a build step.

const MB = 1024 * 1024;

/** Server actions and every other request body: forms are a few kilobytes. */
export const ACTION_BODY_LIMIT = 1 * MB;

/** A body without a session cookie (sign-in, first set-up, the public grievance form) is smaller still. */
export const ANONYMOUS_BODY_LIMIT = 64 * 1024;

/** The household import file (CSV or XLSX). */
export const IMPORT_UPLOAD_BYTES = 100 * MB;
/** A gazetteer edition, all files together (the full gazetteer is under 5 MB). */
export const GAZETTEER_UPLOAD_BYTES = 50 * MB;
/** A payment provider's results file (100,000 rows are about 8 MB). */
export const PAYMENT_RESULTS_BYTES = 50 * MB;
/** One grievance attachment. */
export const ATTACHMENT_BYTES = 10 * MB;
/** Multipart framing and the form's other fields around the file. */
export const MULTIPART_MARGIN = 64 * 1024;

/**
 * The routes that take uploads, with the most their body may carry. Everything else is held to
 * ACTION_BODY_LIMIT (ANONYMOUS_BODY_LIMIT without a session). They are all under /api/, which proxy.ts'
 * matcher leaves out, so that Next streams their bodies instead of buffering them for the proxy.
 * @type {ReadonlyArray<{ method: string; pattern: RegExp; maxBytes: number }>}
 */
export const UPLOAD_ROUTES = [
  { method: 'POST', pattern: /^\/api\/v1\/imports\/upload$/, maxBytes: IMPORT_UPLOAD_BYTES + MULTIPART_MARGIN },
  { method: 'POST', pattern: /^\/api\/v1\/gazetteer\/upload$/, maxBytes: GAZETTEER_UPLOAD_BYTES + MULTIPART_MARGIN },
  {
    method: 'POST',
    pattern: /^\/api\/v1\/payment-lists\/[^/]+\/results$/,
    maxBytes: PAYMENT_RESULTS_BYTES + MULTIPART_MARGIN,
  },
  { method: 'POST', pattern: /^\/api\/v1\/grievances\/[^/]+\/attachments$/, maxBytes: ATTACHMENT_BYTES + 1 },
];

/** The upload route a request is for, or undefined. */
export function uploadRouteOf(method, pathname) {
  return UPLOAD_ROUTES.find((r) => r.method === method && r.pattern.test(pathname));
}
