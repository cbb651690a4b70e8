import { todayInCambodia } from '@/lib/households/schemas';
import type { AddressUnit } from './read';

/** Age in whole years on a day (today in Cambodia by default); only the year when the birth date is estimated. */
export function ageOn(birthDate: string | null, birthYear: number, on: string = todayInCambodia()): number {
  if (!birthDate) return Number(on.slice(0, 4)) - birthYear;
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** A gazetteer unit's name in the reader's language (Khmer script for km, Latin letters otherwise). */
export function unitName(u: Pick<AddressUnit, 'nameKm' | 'nameLatin'>, locale: string): string {
  return locale === 'km' ? u.nameKm : u.nameLatin;
}

/** A calendar date (YYYY-MM-DD) as an instant that is that day in Cambodia, for next-intl's formatter. */
export function calendarDate(value: string): Date {
  return new Date(`${value}T12:00:00+07:00`);
}
