import 'server-only';
import { z } from 'zod';
import type { OperatorUser } from '@/lib/auth/guards';
import { DomainError, type FieldErrors } from '@/lib/errors';
import { PAYMENT_RESULTS_BYTES } from '@/lib/http/limits.mjs';
import { withUpload, type UploadLimits, type UploadRequest } from '@/lib/uploads/multipart';
import { resultsFieldsSchema } from './files-schemas';
import { acceptingList, importResults, type ImportOutcome } from './reconcile';

/** POST /api/v1/payment-lists/{id}/results: one file under `file`, and `amountFormat`. */
export const RESULTS_UPLOAD: UploadLimits = {
  fileField: 'file',
  maxBytes: PAYMENT_RESULTS_BYTES,
  maxFiles: 1,
  keys: { tooLarge: 'resultsFileTooLarge', tooMany: 'resultsOneFile', malformed: 'resultsFileUnreadable' },
};

/**
 * A provider's results file for a list (the caller's role already checked by the route): the list must
 * be the caller's and take results before a byte of the body is read; then the file is streamed to
 * disk within its limit, applied, and removed.
 */
export async function importResultsUpload(
  actor: OperatorUser,
  listId: string,
  request: UploadRequest,
): Promise<ImportOutcome> {
  await acceptingList(actor, listId);
  return withUpload(request, RESULTS_UPLOAD, async ({ fields, files }) => {
    const parsed = resultsFieldsSchema.safeParse(fields);
    if (!parsed.success)
      throw new DomainError('INVALID', 'INVALID', z.flattenError(parsed.error).fieldErrors as FieldErrors);
    const file = files[0];
    if (!file) throw new DomainError('INVALID', 'resultsFileRequired', { file: ['resultsFileRequired'] });
    const { name, path, sha256 } = file;
    return importResults(actor, listId, { name, path, sha256 }, parsed.data.amountFormat);
  });
}
