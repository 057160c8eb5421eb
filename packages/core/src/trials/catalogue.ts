import { and, asc, eq, gte, ilike, inArray, isNull, like, lte, or, sql } from "drizzle-orm";
import { competencies, enrollments, keyset, likeEscaped, studentProfiles, trialMentors, trials, users, type DbOrTx } from "@bilet/db";
import type { z } from "zod";
import { endOfMoscowDay, fromMoscowLocal, type Page, type trialFilterInput, type trialInput } from "@bilet/validators";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { shortName } from "../people.ts";
import { cancelTrialEnrollments, tellTrialMoved } from "./enrollment.ts";
import { getSeason, outsideSeason } from "./calendar.ts";
import { competencyFitsOf } from "../diagnostics/attempts.ts";

type TrialInput = z.output<typeof trialInput>;
type TrialFilter = z.output<typeof trialFilterInput>;

export interface TrialCard {
  id: string;
  title: string;
  description: string;
  competencyCode: string;
  competencyName: string;
  area: string;
  level: "intro" | "basic" | "advanced";
  format: "online" | "in_person";
  regionCode: string | null;
  address: string | null;
  link: string | null;
  startsAt: string;
  durationMinutes: number;
  capacity: number;
  freeSeats: number;
  minGrade: number;
  maxGrade: number;
  enrollDeadline: string;
  status: "published" | "cancelled";
  mentors: string[];
  /** For a student: how the trial's competency fits their interest profile, and why. */
  fit?: { fit: number; reason: string } | null;
}

/** A fit from this score on is «подходит» (see competencyFit). */
export const FITS_ME = 60;

const cardColumns = {
  trial: trials,
  competencyName: competencies.name,
  area: competencies.area,
};

/** «Имя Фамилия» of each trial's mentors. */
export async function mentorsOf(db: DbOrTx, trialIds: string[]): Promise<Map<string, string[]>> {
  const rows = trialIds.length
    ? await db
        .select({ trialId: trialMentors.trialId, lastName: users.lastName, firstName: users.firstName })
        .from(trialMentors)
        .innerJoin(users, eq(users.id, trialMentors.mentorId))
        .where(inArray(trialMentors.trialId, trialIds))
        .orderBy(asc(users.lastName), asc(users.firstName))
    : [];
  const byTrial = new Map<string, string[]>();
  for (const r of rows) byTrial.set(r.trialId, [...(byTrial.get(r.trialId) ?? []), shortName(r)]);
  return byTrial;
}

async function toCards(db: DbOrTx, rows: { trial: typeof trials.$inferSelect; competencyName: string; area: string }[]): Promise<TrialCard[]> {
  const mentors = await mentorsOf(db, rows.map((r) => r.trial.id));
  return rows.map(({ trial: t, competencyName, area }) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    competencyCode: t.competencyCode,
    competencyName,
    area,
    level: t.level,
    format: t.format,
    regionCode: t.regionCode,
    address: t.address,
    link: t.link,
    startsAt: t.startsAt.toISOString(),
    durationMinutes: t.durationMinutes,
    capacity: t.capacity,
    freeSeats: t.capacity - t.seatsTaken,
    minGrade: t.minGrade,
    maxGrade: t.maxGrade,
    enrollDeadline: t.enrollDeadline.toISOString(),
    status: t.status,
    mentors: mentors.get(t.id) ?? [],
  }));
}

/**
 * Published, upcoming trials matching the filters, a page at a time (soonest
 * first; with `fit`, the best fitting first); a student sees those for their grade.
 */
export async function listTrials(db: DbOrTx, actor: Actor | null, filter: TrialFilter): Promise<Page<TrialCard>> {
  let grade: number | null = null;
  if (actor?.role === "student") {
    const [p] = await db.select({ grade: studentProfiles.grade }).from(studentProfiles).where(eq(studentProfiles.userId, actor.id));
    grade = p?.grade ?? null;
  }
  const fits = actor?.role === "student" ? await competencyFitsOf(db, actor.id) : new Map<string, { fit: number; reason: string }>();
  const fitting = [...fits].filter(([, f]) => f.fit >= FITS_ME);
  if (filter.fit && fitting.length === 0) return { items: [], nextCursor: null };
  // The student's fit of each competency, as a column to order by.
  const fitOf = sql`(case ${trials.competencyCode} ${sql.join(
    fitting.map(([code, f]) => sql`when ${code} then ${String(f.fit)}::numeric`),
    sql` `,
  )} else 0::numeric end)`;
  const keys = keyset(
    filter.fit ? [{ by: fitOf, type: "numeric", desc: true }, { by: trials.startsAt }, { by: trials.id }] : [{ by: trials.startsAt }, { by: trials.id }],
    filter,
  );
  const rows = await db
    .select({ ...cardColumns, cursor: keys.cursor })
    .from(trials)
    .innerJoin(competencies, eq(competencies.code, trials.competencyCode))
    .where(
      and(
        eq(trials.status, "published"),
        gte(trials.startsAt, filter.from ? new Date(fromMoscowLocal(`${filter.from}T00:00`)) : sql`now()`),
        filter.to ? lte(trials.startsAt, endOfMoscowDay(filter.to)) : undefined,
        filter.regionCode ? eq(trials.regionCode, filter.regionCode) : undefined,
        filter.format ? eq(trials.format, filter.format) : undefined,
        filter.competencyCode ? eq(trials.competencyCode, filter.competencyCode) : undefined,
        filter.level ? eq(trials.level, filter.level) : undefined,
        filter.q ? ilike(trials.title, `%${likeEscaped(filter.q)}%`) : undefined,
        grade !== null ? and(lte(trials.minGrade, grade), gte(trials.maxGrade, grade)) : undefined,
        filter.fit ? inArray(trials.competencyCode, fitting.map(([code]) => code)) : undefined,
        keys.after,
      ),
    )
    .orderBy(...keys.orderBy)
    .limit(keys.take);
  const cards = await toCards(db, rows.slice(0, keys.limit));
  const byId = new Map(cards.map((c) => [c.id, c]));
  return keys.page(rows, (r) => {
    const card = byId.get(r.trial.id)!;
    if (actor?.role !== "student") return card;
    const f = fits.get(card.competencyCode);
    return { ...card, fit: f ? { fit: f.fit, reason: f.reason } : null };
  });
}

export async function trialById(db: DbOrTx, trialId: string): Promise<TrialCard> {
  const rows = await db.select(cardColumns).from(trials).innerJoin(competencies, eq(competencies.code, trials.competencyCode)).where(eq(trials.id, trialId));
  if (rows.length === 0) throw new AppError("NOT_FOUND", "Проба не найдена");
  return (await toCards(db, rows))[0]!;
}

function assertStaff(actor: Actor) {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Пробы ведёт оператор проекта");
}

function columns(input: TrialInput) {
  return {
    competencyCode: input.competencyCode,
    title: input.title,
    description: input.description,
    level: input.level,
    format: input.format,
    regionCode: input.regionCode ?? null,
    address: input.format === "in_person" ? (input.address ?? null) : null,
    link: input.format === "online" ? (input.link ?? null) : null,
    startsAt: new Date(input.startsAt),
    durationMinutes: input.durationMinutes,
    capacity: input.capacity,
    minGrade: input.minGrade,
    maxGrade: input.maxGrade,
    enrollDeadline: new Date(input.enrollDeadline),
  };
}

/**
 * What a trial's form cannot know by itself: the competency must exist and the
 * start must fall inside the season's trial window, so a trial for 2001 or 9999
 * is refused on creation and on editing alike.
 */
async function assertTrialFits(db: DbOrTx, input: TrialInput): Promise<void> {
  const [competency] = await db.select({ code: competencies.code }).from(competencies).where(eq(competencies.code, input.competencyCode));
  if (!competency) throw new AppError("BAD_REQUEST", "Выберите компетенцию из списка", { fieldErrors: { competencyCode: "Выберите компетенцию из списка" } });
  const season = await getSeason(db);
  if (!season) throw new AppError("CONFLICT", "Сначала задайте календарь сезона: пробы проходят только в его сроки");
  const refusal = outsideSeason(season, new Date(input.startsAt));
  if (refusal) throw new AppError("BAD_REQUEST", refusal, { fieldErrors: { startsAt: refusal } });
}

export async function createTrial(deps: CoreDeps, actor: Actor, input: TrialInput, meta: RequestMeta): Promise<TrialCard> {
  assertStaff(actor);
  await assertTrialFits(deps.db, input);
  const id = await deps.db.transaction(async (tx) => {
    const [created] = await tx.insert(trials).values({ ...columns(input), createdById: actor.id }).returning({ id: trials.id });
    await audit(tx, { actorUserId: actor.id, action: "trial.created", subjectType: "trial", subjectId: created!.id, ip: meta.ip });
    return created!.id;
  });
  return trialById(deps.db, id);
}

export async function updateTrial(deps: CoreDeps, actor: Actor, trialId: string, input: TrialInput, meta: RequestMeta): Promise<TrialCard> {
  assertStaff(actor);
  await assertTrialFits(deps.db, input);
  await deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(trials).where(eq(trials.id, trialId)).for("update");
    if (!current) throw new AppError("NOT_FOUND", "Проба не найдена");
    if (current.status === "cancelled") throw new AppError("CONFLICT", "Отменённую пробу изменить нельзя");
    if (input.capacity < current.seatsTaken) {
      throw new AppError("CONFLICT", `Мест не может быть меньше, чем уже занято (${current.seatsTaken})`, { fieldErrors: { capacity: `Не меньше ${current.seatsTaken}` } });
    }
    const [updated] = await tx.update(trials).set(columns(input)).where(eq(trials.id, trialId)).returning();
    await tellTrialMoved(tx, current, updated!);
    await audit(tx, { actorUserId: actor.id, action: "trial.updated", subjectType: "trial", subjectId: trialId, ip: meta.ip });
  });
  return trialById(deps.db, trialId);
}

export async function cancelTrial(deps: CoreDeps, actor: Actor, trialId: string, meta: RequestMeta): Promise<TrialCard> {
  assertStaff(actor);
  await deps.db.transaction(async (tx) => {
    const [trial] = await tx.update(trials).set({ status: "cancelled" }).where(and(eq(trials.id, trialId), eq(trials.status, "published"))).returning();
    if (!trial) throw new AppError("CONFLICT", "Проба не найдена или уже отменена");
    await cancelTrialEnrollments(tx, trial);
    await audit(tx, { actorUserId: actor.id, action: "trial.cancelled", subjectType: "trial", subjectId: trialId, ip: meta.ip });
  });
  return trialById(deps.db, trialId);
}

export async function assignMentor(deps: CoreDeps, actor: Actor, trialId: string, mentorId: string, meta: RequestMeta) {
  assertStaff(actor);
  await deps.db.transaction(async (tx) => {
    const [mentor] = await tx.select({ role: users.role }).from(users).where(eq(users.id, mentorId));
    if (mentor?.role !== "mentor") throw new AppError("NOT_FOUND", "Наставник не найден");
    await trialById(tx, trialId);
    await tx.insert(trialMentors).values({ trialId, mentorId }).onConflictDoNothing();
    await audit(tx, { actorUserId: actor.id, action: "trial.mentor_assigned", subjectType: "trial", subjectId: trialId, ip: meta.ip, data: { mentorId } });
  });
  return trialById(deps.db, trialId);
}

/** How many mentors the picker shows at most. */
export const MENTOR_PICKS = 10;

/**
 * Mentors whose last name, first name, «Фамилия Имя» or email starts with
 * `q` (any case), alphabetically, at most `limit`: the staff's mentor picker.
 */
export async function searchMentors(db: DbOrTx, actor: Actor, q: string, limit = MENTOR_PICKS) {
  assertStaff(actor);
  const prefix = `${likeEscaped(q.trim().toLowerCase())}%`;
  const rows = await db
    .select({ id: users.id, lastName: users.lastName, firstName: users.firstName, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.role, "mentor"),
        // An erased mentor keeps the row (for the records), not a place in the picker.
        isNull(users.erasedAt),
        q.trim()
          ? or(
              like(sql`lower(${users.lastName})`, prefix),
              like(sql`lower(${users.firstName})`, prefix),
              like(sql`lower(${users.lastName} || ' ' || ${users.firstName})`, prefix),
              like(users.email, prefix),
            )
          : undefined,
      ),
    )
    .orderBy(asc(users.lastName), asc(users.firstName), asc(users.id))
    .limit(Math.min(Math.max(limit, 1), MENTOR_PICKS));
  return rows.map((r) => ({ id: r.id, name: shortName(r), email: r.email }));
}

/** Seats held or confirmed, counted from the enrollments themselves (a check for staff and tests). */
export async function countHeldSeats(db: DbOrTx, trialId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(enrollments)
    .where(and(eq(enrollments.trialId, trialId), inArray(enrollments.status, ["awaiting_approval", "confirmed"])));
  return row?.n ?? 0;
}
