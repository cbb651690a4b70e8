'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { createUserSchema, resetPasswordSchema, setUserActiveSchema, updateUserSchema } from '@/lib/users/schemas';
import { createStaff, resetStaffPassword, setStaffActive, updateStaff } from '@/lib/users/service';

const operatorAdmin = () => requireRole('users');

export async function createUserAction(input: unknown) {
  return runAction(operatorAdmin, createUserSchema, input, createStaff);
}

export async function updateUserAction(input: unknown) {
  return runAction(operatorAdmin, updateUserSchema, input, async (u, d) => {
    await updateStaff(u, d);
    return null;
  });
}

export async function setUserActiveAction(input: unknown) {
  return runAction(operatorAdmin, setUserActiveSchema, input, async (u, d) => {
    await setStaffActive(u, d);
    return null;
  });
}

export async function resetUserPasswordAction(input: unknown) {
  return runAction(operatorAdmin, resetPasswordSchema, input, async (u, d) => {
    await resetStaffPassword(u, d);
    return null;
  });
}
