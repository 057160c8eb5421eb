import { eq } from "drizzle-orm";
import { seasonCalendar, type DbOrTx } from "@bilet/db";
import type { Actor } from "../deps.ts";
import { AppError } from "../errors.ts";

export interface SeasonDates {
  registrationOpensOn: string;
  esiaOpensOn: string;
  trialsStartOn: string;
  trialsEndOn: string;
  recommendationsOn: string;
}

export async function getSeason(db: DbOrTx): Promise<SeasonDates | null> {
  const [row] = await db.select().from(seasonCalendar).where(eq(seasonCalendar.id, 1));
  if (!row) return null;
  const { registrationOpensOn, esiaOpensOn, trialsStartOn, trialsEndOn, recommendationsOn } = row;
  return { registrationOpensOn, esiaOpensOn, trialsStartOn, trialsEndOn, recommendationsOn };
}

export async function setSeason(db: DbOrTx, actor: Actor, dates: SeasonDates): Promise<SeasonDates> {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Календарь сезона задаёт оператор проекта");
  const order = [dates.registrationOpensOn, dates.trialsStartOn, dates.trialsEndOn];
  if ([...order].sort().join() !== order.join()) {
    throw new AppError("BAD_REQUEST", "Даты идут по порядку: открытие регистрации, начало проб, окончание проб");
  }
  await db
    .insert(seasonCalendar)
    .values({ id: 1, ...dates })
    .onConflictDoUpdate({ target: seasonCalendar.id, set: { ...dates, updatedAt: new Date() } });
  return dates;
}

/** Why a trial starting at `startsAt` cannot take enrollments now, or null if it can. */
export function trialWindowRefusal(season: Pick<SeasonDates, "trialsStartOn" | "trialsEndOn"> | null, startsAt: Date): string | null {
  if (!season) return "Календарь сезона ещё не задан: запись на пробы пока закрыта";
  const day = moscowDate(startsAt);
  if (moscowDate(new Date()) < season.trialsStartOn) return `Запись на пробы откроется ${formatDay(season.trialsStartOn)}`;
  if (day < season.trialsStartOn || day > season.trialsEndOn) {
    return `Проба проходит вне сезона практических мероприятий (${formatDay(season.trialsStartOn)} — ${formatDay(season.trialsEndOn)})`;
  }
  return null;
}

// Formatters are costly to build, so they are built once.
const moscowDay = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Moscow" });
const russianDay = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export function moscowDate(d: Date): string {
  return moscowDay.format(d);
}

function formatDay(iso: string): string {
  return russianDay.format(new Date(`${iso}T00:00:00Z`));
}

/**
 * Registration and ESIA sign-in open on the season's dates. Without a
 * calendar (a fresh deployment) nothing is held back.
 */
export async function assertSeasonOpened(db: DbOrTx, what: "registration" | "esia"): Promise<void> {
  const season = await getSeason(db);
  if (!season) return;
  const opens = what === "registration" ? season.registrationOpensOn : season.esiaOpensOn;
  if (moscowDate(new Date()) < opens) {
    throw new AppError("CONFLICT", what === "registration" ? `Регистрация откроется ${formatDay(opens)}` : `Вход через Госуслуги откроется ${formatDay(opens)}`);
  }
}
