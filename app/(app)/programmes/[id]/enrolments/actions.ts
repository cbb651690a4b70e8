'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { confirmBulkEnrolment } from '@/lib/programmes/enrolment-bulk';
import { bulkEnrolSchema } from '@/lib/programmes/enrolment-bulk-schema';
import {
  endEnrolmentSchema,
  paymentDetailsEditSchema,
  reactivateSchema,
  suspendSchema,
} from '@/lib/programmes/enrolment-schemas';
import {
  endEnrolment,
  reactivateEnrolment,
  suspendEnrolment,
  updatePaymentDetails,
} from '@/lib/programmes/enrolment-states';

const benefitEnrolment = () => requireRole('benefitEnrolment');

/** Enrols every household that qualifies now (the preview's "will be enrolled"); twice adds nothing. */
export async function bulkEnrolAction(input: unknown) {
  return runAction(benefitEnrolment, bulkEnrolSchema, input, confirmBulkEnrolment);
}

export async function suspendEnrolmentAction(input: unknown) {
  return runAction(benefitEnrolment, suspendSchema, input, suspendEnrolment);
}

export async function reactivateEnrolmentAction(input: unknown) {
  return runAction(benefitEnrolment, reactivateSchema, input, reactivateEnrolment);
}

export async function endEnrolmentAction(input: unknown) {
  return runAction(benefitEnrolment, endEnrolmentSchema, input, endEnrolment);
}

export async function paymentDetailsAction(input: unknown) {
  return runAction(benefitEnrolment, paymentDetailsEditSchema, input, updatePaymentDetails);
}
