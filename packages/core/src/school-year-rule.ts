import { fromMoscowLocal, moscowDay } from "@bilet/validators";

/**
 * The school year, as a pure rule. A school year is named by the calendar
 * year it begins in (the year 2026 runs from 1 September 2026 to 31 August
 * 2027 with the default start); it begins on SCHOOL_YEAR_START («MM-DD») at
 * 00:00 Moscow time. The yearly move-up of a school year is due from that
 * moment until it has run (core/school-year.ts).
 */

export const DEFAULT_SCHOOL_YEAR_START = "09-01";

/** The top grade: an 11th-grader at the move-up finishes school. */
export const LAST_GRADE = 11;

function monthDay(start: string): string {
  if (!/^\d{2}-\d{2}$/.test(start)) throw new Error(`school year start must be MM-DD, got ${start}`);
  return start;
}

/** The school year a Moscow calendar day ("YYYY-MM-DD") falls in. */
export function schoolYearOfDay(day: string, start: string = DEFAULT_SCHOOL_YEAR_START): number {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= monthDay(start) ? year : year - 1;
}

/** The school year an instant falls in (by its Moscow day). */
export function schoolYearOf(now: Date, start: string = DEFAULT_SCHOOL_YEAR_START): number {
  return schoolYearOfDay(moscowDay(now), start);
}

/** The first Moscow day of a school year ("2026-09-01"). */
export function schoolYearFirstDay(year: number, start: string = DEFAULT_SCHOOL_YEAR_START): string {
  return `${String(year).padStart(4, "0")}-${monthDay(start)}`;
}

/** The instant a school year begins: its first day at 00:00 in Moscow. */
export function schoolYearBegins(year: number, start: string = DEFAULT_SCHOOL_YEAR_START): Date {
  return new Date(fromMoscowLocal(`${schoolYearFirstDay(year, start)}T00:00`));
}

/** The first day of the next school year after `now`: when the next move-up happens. */
export function nextSchoolYearDay(now: Date, start: string = DEFAULT_SCHOOL_YEAR_START): string {
  return schoolYearFirstDay(schoolYearOf(now, start) + 1, start);
}

/**
 * The school year whose move-up is due at `now`, or null: the current school
 * year's is due once it has begun, unless it has run already (`lastRunYear`,
 * the latest year in school_year_transitions).
 */
export function moveUpDue(now: Date, lastRunYear: number | null, start: string = DEFAULT_SCHOOL_YEAR_START): number | null {
  const year = schoolYearOf(now, start);
  return lastRunYear !== null && lastRunYear >= year ? null : year;
}
