import { and, asc, eq, inArray, lt, lte, ne, sql } from "drizzle-orm";
import { enrollments, familyLinks, studentProfiles, trials, type DbOrTx, type EnrollmentStatus } from "@bilet/db";
import { assertParentOf } from "../access.ts";
import { admissionOf } from "../admission.ts";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { notifyUser } from "../notifications.ts";
import { assertWithinTrialWindow } from "./calendar.ts";

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

async function parentsOf(tx: DbOrTx, studentId: string): Promise<string[]> {
  const rows = await tx.select({ id: familyLinks.parentId }).from(familyLinks).where(eq(familyLinks.studentId, studentId));
  return rows.map((r) => r.id);
}

/** Takes one seat if one is free; the database refuses to go past capacity. */
async function takeSeat(tx: DbOrTx, trialId: string): Promise<boolean> {
  const taken = await tx
    .update(trials)
    .set({ seatsTaken: sql`${trials.seatsTaken} + 1` })
    .where(and(eq(trials.id, trialId), lt(trials.seatsTaken, trials.capacity), eq(trials.status, "published")))
    .returning({ id: trials.id });
  return taken.length === 1;
}

async function askParents(tx: DbOrTx, trial: Trial, enrollment: Enrollment) {
  for (const parentId of await parentsOf(tx, enrollment.studentId)) {
    await notifyUser(tx, parentId, {
      type: "trial.approval_requested",
      title: "Ребёнок записался на пробу, подтвердите участие",
      body: `Запись на профессиональную пробу ${quoted(trial)}. Подтвердите или отклоните участие до ${formatDue(enrollment.approvalDueAt!)}, иначе место освободится.`,
      link: `/parent/children/${enrollment.studentId}`,
      data: { enrollmentId: enrollment.id, trialId: trial.id, studentId: enrollment.studentId },
    });
  }
}

function formatDue(d: Date): string {
  return new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Moscow" }).format(d) + " (мск)";
}

async function hold(tx: DbOrTx, trial: Trial, enrollmentId: string, approvalHours: number): Promise<Enrollment> {
  const [held] = await tx
    .update(enrollments)
    .set({ status: "awaiting_approval", waitlistedAt: null, approvalDueAt: new Date(Date.now() + approvalHours * 3600_000) })
    .where(eq(enrollments.id, enrollmentId))
    .returning();
  await askParents(tx, trial, held!);
  return held!;
}

async function refuseUnlessEligible(tx: DbOrTx, trial: Trial, studentId: string) {
  if (trial.status === "cancelled") throw new AppError("CONFLICT", "Проба отменена");
  const admission = await admissionOf(tx, studentId);
  if (!admission.admitted) {
    throw new AppError(
      "FORBIDDEN",
      admission.missing.includes("parent_link")
        ? "Запись на пробы откроется после связки с кабинетом родителя и его согласия на обработку персональных данных"
        : "Запись на пробы откроется после согласия родителя на обработку персональных данных",
    );
  }
  const [profile] = await tx.select({ grade: studentProfiles.grade }).from(studentProfiles).where(eq(studentProfiles.userId, studentId));
  if (!profile || profile.grade < trial.minGrade || profile.grade > trial.maxGrade) {
    throw new AppError("CONFLICT", `Эта проба для ${trial.minGrade}–${trial.maxGrade} классов`);
  }
  if (trial.enrollDeadline <= new Date()) throw new AppError("CONFLICT", "Запись на эту пробу закрыта: срок записи прошёл");
  await assertWithinTrialWindow(tx, trial.startsAt);
  const ends = new Date(trial.startsAt.getTime() + trial.durationMinutes * 60_000);
  const [clash] = await tx
    .select({ title: trials.title })
    .from(enrollments)
    .innerJoin(trials, eq(trials.id, enrollments.trialId))
    .where(
      and(
        eq(enrollments.studentId, studentId),
        inArray(enrollments.status, HOLDING),
        ne(trials.id, trial.id),
        lt(trials.startsAt, ends),
        sql`${trials.startsAt} + make_interval(mins => ${trials.durationMinutes}) > ${trial.startsAt.toISOString()}::timestamptz`,
      ),
    )
    .limit(1);
  if (clash) throw new AppError("CONFLICT", `В это время у вас другая проба: «${clash.title}»`);
}

/**
 * Enrolls the signed-in student. A free seat is held for the parents'
 * approval; a full trial puts the student on its waiting list. Repeating the
 * request returns the same enrollment.
 */
export async function enroll(deps: CoreDeps, actor: Actor, trialId: string, meta: RequestMeta): Promise<EnrollmentDto> {
  const approvalHours = deps.approvalHours ?? APPROVAL_HOURS;
  if (actor.role !== "student") throw new AppError("FORBIDDEN", "Записаться на пробу может только участник");
  return deps.db.transaction(async (tx) => {
    const [trial] = await tx.select().from(trials).where(eq(trials.id, trialId));
    if (!trial) throw new AppError("NOT_FOUND", "Проба не найдена");
    const [existing] = await tx
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.trialId, trialId), eq(enrollments.studentId, actor.id), inArray(enrollments.status, LIVE)));
    if (existing) return dto(existing);
    await refuseUnlessEligible(tx, trial, actor.id);

    // The row first (the unique index settles a double click), then the seat.
    const [created] = await tx
      .insert(enrollments)
      .values({ trialId, studentId: actor.id, status: "waitlisted", waitlistedAt: sql`clock_timestamp()` })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [first] = await tx
        .select()
        .from(enrollments)
        .where(and(eq(enrollments.trialId, trialId), eq(enrollments.studentId, actor.id), inArray(enrollments.status, LIVE)));
      return dto(first!);
    }
    const result = (await takeSeat(tx, trialId)) ? await hold(tx, trial, created.id, approvalHours) : created;
    await audit(tx, { actorUserId: actor.id, action: "trial.enrolled", subjectType: "enrollment", subjectId: created.id, ip: meta.ip, data: { trialId, status: result.status } });
    return dto(result);
  });
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
      body: `Вы в списке участников пробы ${quoted(trial)}. Родитель получил запрос на подтверждение.`,
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
      body: "Родитель подтвердил ваше участие. Ждём вас на пробе!",
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
      body: "Запись отменена. Обсудите с родителем, какие пробы выбрать.",
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
    for (const parentId of await parentsOf(tx, enrollment.studentId)) {
      await notifyUser(tx, parentId, {
        type: "trial.cancelled_by_student",
        title: "Ребёнок отменил запись на пробу",
        body: `Запись на пробу ${quoted(trial)} отменена.`,
        link: `/parent/children/${enrollment.studentId}`,
        data: { enrollmentId, trialId: trial.id },
      });
    }
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
      for (const parentId of await parentsOf(tx, enrollment.studentId)) {
        await notifyUser(tx, parentId, { ...notice, link: `/parent/children/${enrollment.studentId}` });
      }
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
    const notice = { type: "trial.cancelled", title: `Проба ${quoted(trial)} отменена`, body: "Организаторы отменили пробу. Выберите другую в каталоге.", data: { trialId: trial.id } };
    await notifyUser(tx, e.studentId, { ...notice, link: "/student" });
    for (const parentId of await parentsOf(tx, e.studentId)) await notifyUser(tx, parentId, { ...notice, link: `/parent/children/${e.studentId}` });
  }
}
