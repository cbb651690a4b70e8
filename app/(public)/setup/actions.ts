'use server';
import { runAction } from '@/lib/action';
import { completeSetup } from '@/lib/auth/setup';
import { setupSchema } from '@/lib/users/schemas';

/** Public by design: the one-time setup token in the input is the credential (checked in lib/auth/setup.ts). */
export async function completeSetupAction(input: unknown) {
  return runAction(
    async () => null,
    setupSchema,
    input,
    async (_u, d) => {
      await completeSetup(d);
      return null;
    },
  );
}
