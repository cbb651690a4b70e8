'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { categorySchema, holidaySchema, removeHolidaySchema } from '@/lib/grievances/schemas';
import { addHoliday, removeHoliday, saveCategory } from '@/lib/grievances/settings';

const settings = () => requireRole('grievanceSettings');

export async function saveCategoryAction(input: unknown) {
  return runAction(settings, categorySchema, input, saveCategory);
}

export async function addHolidayAction(input: unknown) {
  return runAction(settings, holidaySchema, input, addHoliday);
}

export async function removeHolidayAction(input: unknown) {
  return runAction(settings, removeHolidaySchema, input, removeHoliday);
}
