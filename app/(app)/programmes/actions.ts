'use server';
import { runAction } from '@/lib/action';
import { requireRole, type OperatorUser } from '@/lib/auth/guards';
import { DomainError } from '@/lib/errors';
import { programmeFormValues } from '@/lib/programmes/rule-form';
import {
  editProgrammeFormSchema,
  programmeFormSchema,
  programmeStatusSchema,
  rulesFormSchema,
  type ProgrammeData,
} from '@/lib/programmes/schemas';
import {
  countEligibleToday,
  createProgramme,
  getProgramme,
  setProgrammeStatus,
  updateProgramme,
} from '@/lib/programmes/service';

const manage = () => requireRole('programmesManage');

export async function createProgrammeAction(input: unknown) {
  return runAction(manage, programmeFormSchema, input, createProgramme);
}

/**
 * A save over a newer version answers with that version and its values (as the form holds them),
 * so the form can show them beside what was typed and let the user choose; nothing is overwritten.
 */
export async function updateProgrammeAction(input: unknown) {
  return runAction(
    manage,
    editProgrammeFormSchema,
    input,
    async (user: OperatorUser, data: ProgrammeData & { id: string; version: number }) => {
      try {
        return { status: 'saved' as const, ...(await updateProgramme(user, data)) };
      } catch (e) {
        if (!(e instanceof DomainError && e.messageKey === 'editConflict')) throw e;
        const current = await getProgramme(user, data.id);
        return { status: 'conflict' as const, version: current.version, current: programmeFormValues(current) };
      }
    },
  );
}

export async function setProgrammeStatusAction(input: unknown) {
  return runAction(manage, programmeStatusSchema, input, setProgrammeStatus);
}

/** The rule editor's live count: anyone who may see programmes may try rules out. */
export async function countQualifyingAction(input: unknown) {
  return runAction(() => requireRole('programmes'), rulesFormSchema, input, countEligibleToday);
}
