/**
 * Dates and times as people read them, and the platform's one time zone.
 * Server (mail, notification texts) and browser format through these, so the
 * zone is written once: trials are scheduled and shown in Moscow time, and a
 * time always names its zone («10:00 (мск)»). Moscow has kept UTC+3 all year
 * since 2014, so local Moscow values convert with a fixed offset.
 */

export const MOSCOW_TIME_ZONE = "Europe/Moscow";
const MOSCOW_OFFSET = "+03:00";
const MOSCOW_OFFSET_MS = 3 * 3600_000;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// Formatters are costly to build, so they are built once.
const dayFormat = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric", timeZone: MOSCOW_TIME_ZONE });
const calendarDayFormat = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const timeFormat = new Intl.DateTimeFormat("ru-RU", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: MOSCOW_TIME_ZONE });
const isoDayFormat = new Intl.DateTimeFormat("sv-SE", { timeZone: MOSCOW_TIME_ZONE });

type DateLike = Date | string;

const toDate = (value: DateLike) => (value instanceof Date ? value : new Date(value));

/**
 * «1 сентября 2025 г.». A calendar day ("2025-09-01") is that day wherever
 * the reader is; an instant is the day it is in Moscow.
 */
export function formatDate(value: DateLike): string {
  if (typeof value === "string" && ISO_DAY.test(value)) return calendarDayFormat.format(new Date(`${value}T00:00:00Z`));
  return dayFormat.format(toDate(value));
}

/** «10:00 (мск)». */
export function formatTime(value: DateLike): string {
  return `${timeFormat.format(toDate(value))} (мск)`;
}

/** «25 ноября 2026 г., 10:00 (мск)». */
export function formatDateTime(value: DateLike): string {
  const d = toDate(value);
  return `${dayFormat.format(d)}, ${formatTime(d)}`;
}

/** The calendar day ("2026-11-25") an instant falls on in Moscow. */
export function moscowDay(value: DateLike): string {
  return isoDayFormat.format(toDate(value));
}

/**
 * A Moscow wall-clock value ("2026-11-25T10:00", seconds optional) as an ISO
 * date-time with the offset ("2026-11-25T10:00:00+03:00"). Not checked here:
 * the input schemas refuse what is not a real moment.
 */
export function fromMoscowLocal(local: string): string {
  const withSeconds = /T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
  return `${withSeconds}${MOSCOW_OFFSET}`;
}

/** An instant as a Moscow wall-clock value for <input type="datetime-local"> ("2026-11-25T10:00"). */
export function toMoscowLocal(value: DateLike): string {
  return new Date(toDate(value).getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 16);
}

/** The last moment of a Moscow calendar day, for "up to and including that day". */
export function endOfMoscowDay(day: string): Date {
  return new Date(fromMoscowLocal(`${day}T23:59:59.999`));
}
