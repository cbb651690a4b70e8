'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { generatePaymentList, ListExistsError } from '@/lib/payments/generate';
import { generateListSchema } from '@/lib/payments/schemas';

/**
 * Generates a list; a list of that period existing already (a second click, another officer first)
 * is answered as data, so the form can name and link it, rather than as an error without its code.
 */
export async function generateListAction(input: unknown) {
  return runAction(
    () => requireRole('paymentLists'),
    generateListSchema,
    input,
    async (user, data) => {
      try {
        return { created: await generatePaymentList(user, data) };
      } catch (e) {
        if (e instanceof ListExistsError) return { exists: e.existing };
        throw e;
      }
    },
  );
}
