'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import {
  createOperatorAdminSchema,
  createOperatorSchema,
  setOperatorActiveSchema,
  setRepresentedPartySchema,
} from '@/lib/operators/schemas';
import {
  createOperator,
  createOperatorAdmin,
  setOperatorActive,
  setOperatorRepresentedParty,
} from '@/lib/operators/service';

const platformAdmin = () => requireRole('operators');

export async function createOperatorAction(input: unknown) {
  return runAction(platformAdmin, createOperatorSchema, input, createOperator);
}

export async function setOperatorActiveAction(input: unknown) {
  return runAction(platformAdmin, setOperatorActiveSchema, input, async (u, d) => {
    await setOperatorActive(u, d);
    return null;
  });
}

export async function createOperatorAdminAction(input: unknown) {
  return runAction(platformAdmin, createOperatorAdminSchema, input, createOperatorAdmin);
}

/** The operator's X-Road-Represented-Party on CamDX (empty: none). */
export async function setOperatorRepresentedPartyAction(input: unknown) {
  return runAction(platformAdmin, setRepresentedPartySchema, input, setOperatorRepresentedParty);
}
