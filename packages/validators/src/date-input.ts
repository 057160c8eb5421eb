import { z } from "zod";

/** Dates the platform accepts at all: a season, a trial, a filter lie within these years. */
export const EARLIEST_YEAR = 2000;
export const LATEST_YEAR = 2100;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// A moment with a zone (Z or ±hh:mm), as the forms send after converting from Moscow time.
const MOMENT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function isCalendarDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Whether `value` is a real day YYYY-MM-DD between EARLIEST_YEAR and LATEST_YEAR. */
export function isValidDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR && isCalendarDay(year, month, day);
}

/** Whether `value` is a real moment with its zone, within the accepted years. */
export function isValidMoment(value: string): boolean {
  const m = MOMENT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR && isCalendarDay(year, month, day) && hour < 24 && minute < 60 && second < 60 && !Number.isNaN(Date.parse(value));
}

/** A calendar day typed by a person (`what` in the accusative: «дату начала»). */
export const calendarDay = (what: string) =>
  z
    .string({ error: `Укажите ${what}` })
    .trim()
    .regex(DAY, `Укажите ${what} в формате ДД.ММ.ГГГГ`)
    .refine(isValidDay, `Такой даты нет: проверьте ${what}`);

/** A date and time with its zone. */
export const moment = (what: string) =>
  z
    .string({ error: `Укажите ${what}` })
    .trim()
    .refine((v) => MOMENT.test(v), `Укажите ${what}: дату и время`)
    .refine(isValidMoment, `Такой даты нет: проверьте ${what}`);
