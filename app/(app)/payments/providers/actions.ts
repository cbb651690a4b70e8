'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { providerDeleteSchema, providerSchema, providerUpdateSchema } from '@/lib/payments/files-schemas';
import { createProvider, deleteProvider, updateProvider } from '@/lib/payments/providers';

export async function createProviderAction(input: unknown) {
  return runAction(() => requireRole('programmesManage'), providerSchema, input, createProvider);
}

export async function updateProviderAction(input: unknown) {
  return runAction(
    () => requireRole('programmesManage'),
    providerUpdateSchema,
    input,
    (user, { id, version, ...data }) => updateProvider(user, id, version, data),
  );
}

export async function deleteProviderAction(input: unknown) {
  return runAction(
    () => requireRole('programmesManage'),
    providerDeleteSchema,
    input,
    (user, { id }) => deleteProvider(user, id),
  );
}
