'use server';
import { runAction } from '@/lib/action';
import { requireUser } from '@/lib/auth/guards';
import { changeOwnPassword } from '@/lib/users/account';
import { changePasswordSchema } from '@/lib/users/schemas';

/** Allowed while a password change is required: it is how that requirement is met. */
export async function changePasswordAction(input: unknown) {
  return runAction(
    () => requireUser({ allowPasswordChange: true }),
    changePasswordSchema,
    input,
    async (u, d) => {
      await changeOwnPassword(u, d);
      return null;
    },
  );
}
