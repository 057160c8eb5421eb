import { eq } from "drizzle-orm";
import { seasonCalendar, type DbOrTx } from "@bilet/db";
import { formatDate, moscowDay } from "@bilet/validators";
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
  if (moscowDay(new Date()) < season.trialsStartOn) return `Запись на пробы откроется ${formatDate(season.trialsStartOn)}`;
  return outsideSeason(season, startsAt);
}

/** Why a trial may not start at `startsAt` in this season (its Moscow day outside the trial window), or null. */
export function outsideSeason(season: Pick<SeasonDates, "trialsStartOn" | "trialsEndOn">, startsAt: Date): string | null {
  const day = moscowDay(startsAt);
  if (day < season.trialsStartOn || day > season.trialsEndOn) {
    return `Проба проходит вне сезона практических мероприятий (${formatDate(season.trialsStartOn)} — ${formatDate(season.trialsEndOn)})`;
  }
  return null;
}

/**
 * Registration and ESIA sign-in open on the season's dates. Without a
 * calendar (a fresh deployment) nothing is held back.
 */
export async function assertSeasonOpened(db: DbOrTx, what: "registration" | "esia"): Promise<void> {
  const season = await getSeason(db);
  if (!season) return;
  const opens = what === "registration" ? season.registrationOpensOn : season.esiaOpensOn;
  if (moscowDay(new Date()) < opens) {
    throw new AppError("CONFLICT", what === "registration" ? `Регистрация откроется ${formatDate(opens)}` : `Вход через Госуслуги откроется ${formatDate(opens)}`);
  }
}
