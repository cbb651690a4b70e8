'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { resultsUploadSchema } from '@/lib/payments/files-schemas';
import { importResults } from '@/lib/payments/reconcile';

/** Form data with the list's id, the amount format and the provider's results file under `file`. */
export async function importResultsAction(input: unknown) {
  return runAction(
    () => requireRole('paymentLists'),
    resultsUploadSchema,
    input,
    async (user, { listId, amountFormat, file }) =>
      importResults(user, listId, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, amountFormat),
  );
}
