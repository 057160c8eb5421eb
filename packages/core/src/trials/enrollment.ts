import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { enrollments, familyLinks, queryRows, seasonCalendar, studentProfiles, trials, type DbOrTx, type EnrollmentStatus } from "@bilet/db";
import { assertParentOf, parentsOf } from "../access.ts";
import { admittedSql } from "../admission.ts";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { noticeRows, notifyUser, notifyUsers } from "../notifications.ts";
import { approvalDeadline, approvalRequest } from "./approval.ts";
import { trialWindowRefusal } from "./calendar.ts";

/** A held seat waits this long for a parent's decision (hours). */
export const APPROVAL_HOURS = 48;

const HOLDING: EnrollmentStatus[] = ["awaiting_approval", "confirmed"];
const LIVE: EnrollmentStatus[] = [...HOLDING, "waitlisted"];

type Trial = typeof trials.$inferSelect;
type Enrollment = typeof enrollments.$inferSelect;

export interface EnrollmentDto {
  id: string;
  trialId: string;
  status: EnrollmentStatus;
  approvalDueAt: string | null;
  attendance: "present" | "late" | "absent" | null;
}

const dto = (e: Enrollment): EnrollmentDto => ({
  id: e.id,
  trialId: e.trialId,
  status: e.status,
  approvalDueAt: e.approvalDueAt?.toISOString() ?? null,
  attendance: e.attendance,
});

const quoted = (t: Pick<Trial, "title">) => `«${t.title}»`;

const TRIAL_CANCELLED = "Проба отменена";
const CONSENT_NEEDED = "Запись на пробы откроется после согласия родителя на обработку персональных данных";

/** Takes one seat if one is free; the database refuses to go past capacity. */
async function takeSeat(tx: DbOrTx, trialId: string): Promise<boolean> {
  const taken = await tx
    .update(trials)
    .set({ seatsTaken: sql`${trials.seatsTaken} + 1` })
    .where(and(eq(trials.id, trialId), lt(trials.seatsTaken, trials.capacity), eq(trials.status, "published")))
    .returning({ id: trials.id });
  return taken.length === 1;
}

/** Asks the child's parents to decide on a held seat (a promotion from the waiting list: enroll asks through enroll_student). */
async function askParents(tx: DbOrTx, trial: Trial, enrollment: Enrollment) {
  const [row] = await queryRows<{ mentors: string[]; student_name: string }>(
    tx,
    sql`select ${mentorNamesSql(sql`${trial.id}::uuid`)} as mentors,
               (select first_name || ' ' || last_name from users where id = ${enrollment.studentId}) as student_name`,
  );
  const request = approvalRequest(
    { ...trial, mentors: row?.mentors ?? [] },
    { id: enrollment.id, studentId: enrollment.studentId, studentName: row?.student_name ?? "", approvalDueAt: enrollment.approvalDueAt! },
  );
  await notifyUsers(tx, await parentsOf(tx, enrollment.studentId), request);
}

/** «Имя Фамилия» of a trial's mentors, as a text[] (the same in every request about it). */
function mentorNamesSql(trialId: SQL) {
  return sql`coalesce((select array_agg(u.first_name || ' ' || u.last_name order by u.last_name, u.first_name)
    from trial_mentors m join users u on u.id = m.mentor_id where m.trial_id = ${trialId}), '{}')`;
}

async function hold(tx: DbOrTx, trial: Trial, enrollmentId: string, approvalHours: number): Promise<Enrollment> {
  const [held] = await tx
    .update(enrollments)
    .set({ status: "awaiting_approval", waitlistedAt: null, approvalDueAt: approvalDeadline(new Date(), trial.startsAt, approvalHours) })
    .where(eq(enrollments.id, enrollmentId))
    .returning();
  await askParents(tx, trial, held!);
  return held!;
}

/** Everything the enrollment rules look at, read in one round trip. */
function enrollmentFactsQuery(db: DbOrTx) {
  const studentId = sql.placeholder("studentId");
  return db
    .select({
      trial: trials,
      existing: enrollments,
      grade: studentProfiles.grade,
      parentIds: sql<string[]>`coalesce((select array_agg(${familyLinks.parentId}::text) from ${familyLinks} where ${familyLinks.studentId} = ${studentId}), '{}')`,
      studentName: sql<string>`(select first_name || ' ' || last_name from users where id = ${studentId})`,
      mentors: sql<string[]>`${mentorNamesSql(sql`${trials.id}`)}`,
      consented: admittedSql(studentId),
      season: { trialsStartOn: seasonCalendar.trialsStartOn, trialsEndOn: seasonCalendar.trialsEndOn },
      // Another held or confirmed trial of the student's that overlaps this one.
      clash: sql<string | null>`(
        select other.title from ${enrollments} mine join ${trials} other on other.id = mine.trial_id
        where mine.student_id = ${studentId} and mine.status in ('awaiting_approval', 'confirmed') and other.id <> ${trials.id}
          and other.starts_at < ${trials.startsAt} + make_interval(mins => ${trials.durationMinutes})
          and other.starts_at + make_interval(mins => other.duration_minutes) > ${trials.startsAt}
        limit 1)`,
    })
    .from(trials)
    .leftJoin(enrollments, and(eq(enrollments.trialId, trials.id), eq(enrollments.studentId, studentId), inArray(enrollments.status, LIVE)))
    .leftJoin(studentProfiles, eq(studentProfiles.userId, studentId))
    .leftJoin(seasonCalendar, eq(seasonCalendar.id, 1))
    .where(eq(trials.id, sql.placeholder("trialId")))
    .prepare("enrollment_facts");
}

// Built once per database: enrolling is the hottest path of a season's opening day.
const factsQueries = new WeakMap<DbOrTx, ReturnType<typeof enrollmentFactsQuery>>();

async function enrollmentFacts(db: DbOrTx, trialId: string, studentId: string) {
  let query = factsQueries.get(db);
  if (!query) factsQueries.set(db, (query = enrollmentFactsQuery(db)));
  const [facts] = await query.execute({ trialId, studentId });
  return facts;
}

type EnrollmentFacts = NonNullable<Awaited<ReturnType<typeof enrollmentFacts>>>;

function refuseUnlessEligible({ trial, grade, parentIds, consented, season, clash }: EnrollmentFacts) {
  if (trial.status === "cancelled") throw new AppError("CONFLICT", TRIAL_CANCELLED);
  if (!consented) {
    throw new AppError(
      "FORBIDDEN",
      parentIds.length === 0
        ? "Запись на пробы откроется после связки с кабинетом родителя и его согласия на обработку персональных данных"
        : CONSENT_NEEDED,
    );
  }
  if (grade === null || grade < trial.minGrade || grade > trial.maxGrade) {
    throw new AppError("CONFLICT", `Эта проба для ${trial.minGrade}–${trial.maxGrade} классов`);
  }
  if (trial.enrollDeadline <= new Date()) throw new AppError("CONFLICT", "Запись на эту пробу закрыта: срок записи прошёл");
  const outside = trialWindowRefusal(season?.trialsStartOn ? season : null, trial.startsAt);
  if (outside) throw new AppError("CONFLICT", outside);
  if (clash) throw new AppError("CONFLICT", `В это время у тебя другая проба: «${clash}»`);
}

/** What enroll_student answers: the live enrollment row as jsonb (snake_case), or a refusal. */
type WriteAnswer =
  | { id: string; trial_id: string; status: EnrollmentStatus; approval_due_at: string | null; attendance: EnrollmentDto["attendance"] }
  | { refused: "trial_cancelled" | "not_admitted" };

/**
 * Enrolls the signed-in student. A free seat is held for the parents'
 * approval; a full trial puts the student on its waiting list. Repeating the
 * request returns the same enrollment.
 *
 * The rules are checked here on one read; the write is the database function
 * enroll_student (migration 0003), which takes the seat, stores the parents'
 * notices and the audit entry in one round trip under the trial's row lock.
 */
export async function enroll(deps: CoreDeps, actor: Actor, trialId: string, meta: RequestMeta): Promise<EnrollmentDto> {
  if (actor.role !== "student") throw new AppError("FORBIDDEN", "Записаться на пробу может только участник");
  const facts = await enrollmentFacts(deps.db, trialId, actor.id);
  if (!facts) throw new AppError("NOT_FOUND", "Проба не найдена");
  if (facts.existing) return dto(facts.existing);
  refuseUnlessEligible(facts);

  const enrollmentId = randomUUID();
  const approvalDueAt = approvalDeadline(new Date(), facts.trial.startsAt, deps.approvalHours ?? APPROVAL_HOURS);
  const notices = noticeRows(
    facts.parentIds,
    approvalRequest({ ...facts.trial, mentors: facts.mentors }, { id: enrollmentId, studentId: actor.id, studentName: facts.studentName, approvalDueAt }),
  );
  const [answer] = await queryRows<{ enrollment: WriteAnswer }>(
    deps.db,
    sql`select enroll_student(${enrollmentId}, ${trialId}, ${actor.id}, ${approvalDueAt.toISOString()}::timestamptz, ${JSON.stringify(notices)}::jsonb, ${meta.ip}) as enrollment`,
  );
  const e = answer!.enrollment;
  // Changed between the read and the write: cancelled by staff, or consent withdrawn.
  if ("refused" in e) throw e.refused === "trial_cancelled" ? new AppError("CONFLICT", TRIAL_CANCELLED) : new AppError("FORBIDDEN", CONSENT_NEEDED);
  return { id: e.id, trialId: e.trial_id, status: e.status, approvalDueAt: e.approval_due_at ? new Date(e.approval_due_at).toISOString() : null, attendance: e.attendance };
}

/** Gives freed seats to the waiting list, first come first served. */
export async function promoteWaitlist(tx: DbOrTx, trialId: string, approvalHours = APPROVAL_HOURS): Promise<void> {
  const [trial] = await tx.select().from(trials).where(eq(trials.id, trialId));
  if (!trial || trial.status !== "published") return;
  for (;;) {
    const [next] = await tx
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.trialId, trialId), eq(enrollments.status, "waitlisted")))
      .orderBy(asc(enrollments.waitlistedAt), asc(enrollments.createdAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!next || !(await takeSeat(tx, trialId))) return;
    await hold(tx, trial, next.id, approvalHours);
    await notifyUser(tx, next.studentId, {
      type: "trial.seat_freed",
      title: "Освободилось место на пробе",
      body: `Ты в списке участников пробы ${quoted(trial)}. Родитель получил запрос на подтверждение.`,
      link: "/student",
      data: { enrollmentId: next.id, trialId },
    });
  }
}

/** Ends a live enrollment; a held seat goes back and the waiting list moves. */
async function release(tx: DbOrTx, enrollment: Enrollment, status: EnrollmentStatus, decidedById: string | null, approvalHours = APPROVAL_HOURS) {
  await tx.update(enrollments).set({ status, decidedById, decidedAt: new Date(), approvalDueAt: null }).where(eq(enrollments.id, enrollment.id));
  if (HOLDING.includes(enrollment.status)) {
    await tx.update(trials).set({ seatsTaken: sql`${trials.seatsTaken} - 1` }).where(eq(trials.id, enrollment.trialId));
    await promoteWaitlist(tx, enrollment.trialId, approvalHours);
  }
}

async function lockedEnrollment(tx: DbOrTx, enrollmentId: string) {
  const [row] = await tx.select().from(enrollments).where(eq(enrollments.id, enrollmentId)).for("update");
  if (!row) throw new AppError("NOT_FOUND", "Запись не найдена");
  const [trial] = await tx.select().from(trials).where(eq(trials.id, row.trialId));
  return { enrollment: row, trial: trial! };
}

function assertAwaiting(e: Enrollment) {
  if (e.status === "awaiting_approval") return;
  throw new AppError(
    "CONFLICT",
    e.status === "confirmed" ? "Участие уже подтверждено" : e.status === "waitlisted" ? "Ребёнок в листе ожидания: подтверждение понадобится, когда освободится место" : "Запись уже не ждёт решения",
  );
}

/** A linked parent approves the child's participation. */
export async function approveEnrollment(deps: CoreDeps, actor: Actor, enrollmentId: string, meta: RequestMeta): Promise<EnrollmentDto> {
  return deps.db.transaction(async (tx) => {
    const { enrollment, trial } = await lockedEnrollment(tx, enrollmentId);
    await assertParentOf(tx, actor, enrollment.studentId);
    assertAwaiting(enrollment);
    const [confirmed] = await tx
      .update(enrollments)
      .set({ status: "confirmed", decidedById: actor.id, decidedAt: new Date(), approvalDueAt: null })
      .where(eq(enrollments.id, enrollmentId))
      .returning();
    await notifyUser(tx, enrollment.studentId, {
      type: "trial.approved",
      title: `Участие в пробе ${quoted(trial)} подтверждено`,
      body: "Родитель подтвердил твоё участие. Ждём тебя на пробе!",
      link: "/student",
      data: { enrollmentId, trialId: trial.id },
    });
    await audit(tx, { actorUserId: actor.id, action: "trial.approved", subjectType: "enrollment", subjectId: enrollmentId, ip: meta.ip });
    return dto(confirmed!);
  });
}

export async function declineEnrollment(deps: CoreDeps, actor: Actor, enrollmentId: string, meta: RequestMeta): Promise<EnrollmentDto> {
  return deps.db.transaction(async (tx) => {
    const { enrollment, trial } = await lockedEnrollment(tx, enrollmentId);
    await assertParentOf(tx, actor, enrollment.studentId);
    assertAwaiting(enrollment);
    await release(tx, enrollment, "declined", actor.id, deps.approvalHours);
    await notifyUser(tx, enrollment.studentId, {
      type: "trial.declined",
      title: `Родитель не подтвердил участие в пробе ${quoted(trial)}`,
      body: "Запись отменена. Обсуди с родителем, какие пробы выбрать.",
      link: "/student",
      data: { enrollmentId, trialId: trial.id },
    });
    await audit(tx, { actorUserId: actor.id, action: "trial.declined", subjectType: "enrollment", subjectId: enrollmentId, ip: meta.ip });
    return { ...dto(enrollment), status: "declined" };
  });
}

/** The student cancels their own live enrollment. */
export async function cancelEnrollment(deps: CoreDeps, actor: Actor, enrollmentId: string, meta: RequestMeta): Promise<EnrollmentDto> {
  return deps.db.transaction(async (tx) => {
    const { enrollment, trial } = await lockedEnrollment(tx, enrollmentId);
    if (enrollment.studentId !== actor.id) throw new AppError("NOT_FOUND", "Запись не найдена");
    if (!LIVE.includes(enrollment.status)) throw new AppError("CONFLICT", "Запись уже не действует");
    await release(tx, enrollment, "cancelled", actor.id, deps.approvalHours);
    await notifyUsers(tx, await parentsOf(tx, enrollment.studentId), {
      type: "trial.cancelled_by_student",
      title: "Ребёнок отменил запись на пробу",
      body: `Запись на пробу ${quoted(trial)} отменена.`,
      link: `/parent/children/${enrollment.studentId}`,
      data: { enrollmentId, trialId: trial.id },
    });
    await audit(tx, { actorUserId: actor.id, action: "trial.cancelled", subjectType: "enrollment", subjectId: enrollmentId, ip: meta.ip });
    return { ...dto(enrollment), status: "cancelled" };
  });
}

/**
 * Releases seats whose approval did not come in time and tells the student
 * and the parents. Safe on every instance: rows are claimed with SKIP LOCKED.
 */
export async function expireStaleApprovals(db: DbOrTx, approvalHours = APPROVAL_HOURS, batch = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.status, "awaiting_approval"), lte(enrollments.approvalDueAt, sql`now()`)))
      .orderBy(asc(enrollments.approvalDueAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const enrollment of due) {
      const [trial] = await tx.select().from(trials).where(eq(trials.id, enrollment.trialId));
      await release(tx, enrollment, "expired", null, approvalHours);
      const notice = {
        type: "trial.approval_expired",
        title: "Место на пробе освобождено",
        body: `Участие в пробе ${quoted(trial!)} не подтвердили вовремя, место передано следующему в листе ожидания.`,
        data: { enrollmentId: enrollment.id, trialId: enrollment.trialId },
      };
      await notifyUser(tx, enrollment.studentId, { ...notice, link: "/student" });
      await notifyUsers(tx, await parentsOf(tx, enrollment.studentId), { ...notice, link: `/parent/children/${enrollment.studentId}` });
    }
    return due.length;
  });
}

/** Withdrawn consent ends enrollments that are not yet confirmed. */
export async function cancelUnconfirmedEnrollments(tx: DbOrTx, studentId: string): Promise<number> {
  const pending = await tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.studentId, studentId), inArray(enrollments.status, ["awaiting_approval", "waitlisted"])))
    .for("update");
  for (const e of pending) await release(tx, e, "cancelled", null);
  return pending.length;
}

/** Cancelling a trial ends every live enrollment and tells the students and their parents. */
export async function cancelTrialEnrollments(tx: DbOrTx, trial: Trial): Promise<void> {
  const live = await tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.trialId, trial.id), inArray(enrollments.status, LIVE)))
    .for("update");
  if (live.length > 0) {
    await tx.update(enrollments).set({ status: "trial_cancelled", approvalDueAt: null, decidedAt: new Date() }).where(inArray(enrollments.id, live.map((e) => e.id)));
  }
  await tx.update(trials).set({ seatsTaken: 0 }).where(eq(trials.id, trial.id));
  for (const e of live) {
    const notice = { type: "trial.cancelled", title: `Проба ${quoted(trial)} отменена`, data: { trialId: trial.id } };
    await notifyUser(tx, e.studentId, { ...notice, body: "Организаторы отменили пробу. Выбери другую в каталоге.", link: "/student" });
    await notifyUsers(tx, await parentsOf(tx, e.studentId), { ...notice, body: "Организаторы отменили пробу. Ребёнок может выбрать другую в каталоге.", link: `/parent/children/${e.studentId}` });
  }
}
