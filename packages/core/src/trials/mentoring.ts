import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { generateToken, hashPassword, hashToken } from "@bilet/auth";
import { enrollments, keyset, mentorFeedback, mentorInvitations, studentProfiles, trialMentors, trialRatings, trials, users, type DbOrTx } from "@bilet/db";
import { emails, enqueueEmail } from "@bilet/mail";
import { assertCanViewStudent, assertParentOf, parentsOf } from "../access.ts";
import { createAccount } from "../account-records.ts";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { notifyUser, notifyUsers } from "../notifications.ts";
import { fullName, shortName } from "../people.ts";
import { refreshPlan } from "../recommendations/service.ts";
import { trialPlace } from "./approval.ts";
import { mentorsOf } from "./catalogue.ts";

const MENTOR_INVITATION_DAYS = 7;
/** Attendance can be marked from three hours before the start (participants gather early). */
const MARK_BEFORE_START_MS = 3 * 3600_000;

/** A mentor sees and marks only the trials they are assigned to; staff see all. */
async function assertMentorOf(db: DbOrTx, actor: Actor, trialId: string) {
  if (actor.role === "staff") return;
  if (actor.role === "mentor") {
    const [row] = await db.select({ t: trialMentors.trialId }).from(trialMentors).where(and(eq(trialMentors.trialId, trialId), eq(trialMentors.mentorId, actor.id)));
    if (row) return;
  }
  throw new AppError("FORBIDDEN", "Это не ваша проба");
}

/** The trials a mentor is assigned to, by start, a page at a time. */
export async function mentorTrials(db: DbOrTx, actor: Actor, page: { cursor?: string; limit?: number } = {}) {
  if (actor.role !== "mentor") throw new AppError("FORBIDDEN", "Раздел наставника");
  const keys = keyset([{ by: trials.startsAt }, { by: trials.id }], page);
  const rows = await db
    .select({
      id: trials.id,
      title: trials.title,
      startsAt: trials.startsAt,
      durationMinutes: trials.durationMinutes,
      capacity: trials.capacity,
      seatsTaken: trials.seatsTaken,
      status: trials.status,
      cursor: keys.cursor,
    })
    .from(trialMentors)
    .innerJoin(trials, eq(trials.id, trialMentors.trialId))
    .where(and(eq(trialMentors.mentorId, actor.id), keys.after))
    .orderBy(...keys.orderBy)
    .limit(keys.take);
  return keys.page(rows, ({ cursor: _cursor, ...trial }) => trial);
}

/** A trial's participants and waiting list by name, a page at a time: for its mentors and staff. */
export async function roster(db: DbOrTx, actor: Actor, trialId: string, page: { cursor?: string; limit?: number } = {}) {
  await assertMentorOf(db, actor, trialId);
  const keys = keyset([{ by: users.lastName }, { by: users.firstName }, { by: enrollments.id }], page);
  const rows = await db
    .select({
      enrollmentId: enrollments.id,
      status: enrollments.status,
      attendance: enrollments.attendance,
      lastName: users.lastName,
      firstName: users.firstName,
      middleName: users.middleName,
      grade: studentProfiles.grade,
      hasFeedback: sql<boolean>`${mentorFeedback.enrollmentId} is not null`,
      cursor: keys.cursor,
    })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.studentId))
    .innerJoin(studentProfiles, eq(studentProfiles.userId, enrollments.studentId))
    .leftJoin(mentorFeedback, eq(mentorFeedback.enrollmentId, enrollments.id))
    .where(and(eq(enrollments.trialId, trialId), inArray(enrollments.status, ["awaiting_approval", "confirmed", "waitlisted"]), keys.after))
    .orderBy(...keys.orderBy)
    .limit(keys.take);
  return keys.page(rows, (r) => ({ enrollmentId: r.enrollmentId, name: fullName(r), grade: r.grade, status: r.status, attendance: r.attendance, hasFeedback: r.hasFeedback }));
}

const ATTENDANCE_TEXT = { present: "Отмечено присутствие", late: "Отмечено опоздание", absent: "Отмечено отсутствие" } as const;

async function confirmedEnrollmentOfMentor(tx: DbOrTx, actor: Actor, enrollmentId: string) {
  const [row] = await tx.select({ e: enrollments, t: trials }).from(enrollments).innerJoin(trials, eq(trials.id, enrollments.trialId)).where(eq(enrollments.id, enrollmentId)).for("update", { of: enrollments });
  if (!row) throw new AppError("NOT_FOUND", "Запись не найдена");
  await assertMentorOf(tx, actor, row.t.id);
  if (row.e.status !== "confirmed") throw new AppError("CONFLICT", "Отмечать можно только участников с подтверждённым участием");
  return row;
}

/** On the day (or after), the mentor marks a participant; the parents are told at once. */
export async function markAttendance(deps: CoreDeps, actor: Actor, input: { enrollmentId: string; mark: "present" | "late" | "absent" }, meta: RequestMeta) {
  return deps.db.transaction(async (tx) => {
    const { e, t } = await confirmedEnrollmentOfMentor(tx, actor, input.enrollmentId);
    if (Date.now() < t.startsAt.getTime() - MARK_BEFORE_START_MS) {
      throw new AppError("CONFLICT", "Посещение отмечается в день пробы, не раньше чем за 3 часа до начала");
    }
    await tx.update(enrollments).set({ attendance: input.mark, attendanceMarkedAt: new Date() }).where(eq(enrollments.id, e.id));
    const [student] = await tx.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, e.studentId));
    await notifyUsers(tx, await parentsOf(tx, e.studentId), {
      type: "trial.attendance_marked",
      title: `${ATTENDANCE_TEXT[input.mark]}: ${student!.firstName}`,
      body: `Проба «${t.title}»: наставник отметил посещение.`,
      link: `/parent/children/${e.studentId}`,
      data: { enrollmentId: e.id, trialId: t.id, mark: input.mark },
    });
    await audit(tx, { actorUserId: actor.id, action: "trial.attendance_marked", subjectType: "enrollment", subjectId: e.id, ip: meta.ip, data: { mark: input.mark } });
    await refreshPlan(tx, e.studentId);
    return { enrollmentId: e.id, attendance: input.mark };
  });
}

export async function leaveFeedback(deps: CoreDeps, actor: Actor, input: { enrollmentId: string; performance: number; interest: number; comment: string }, meta: RequestMeta) {
  return deps.db.transaction(async (tx) => {
    const { e, t } = await confirmedEnrollmentOfMentor(tx, actor, input.enrollmentId);
    if (e.attendance !== "present" && e.attendance !== "late") throw new AppError("CONFLICT", "Отзыв оставляют участникам, которые были на пробе");
    const values = { performance: input.performance, interest: input.interest, comment: input.comment, mentorId: actor.id };
    await tx.insert(mentorFeedback).values({ enrollmentId: e.id, ...values }).onConflictDoUpdate({ target: mentorFeedback.enrollmentId, set: values });
    await notifyUser(tx, e.studentId, {
      type: "trial.feedback_left",
      title: "Наставник оставил отзыв",
      body: `Отзыв о пробе «${t.title}» появился в твоём кабинете. Оцени и ты эту пробу.`,
      link: "/student",
      data: { enrollmentId: e.id, trialId: t.id },
    });
    await audit(tx, { actorUserId: actor.id, action: "trial.feedback_left", subjectType: "enrollment", subjectId: e.id, ip: meta.ip });
    await refreshPlan(tx, e.studentId);
    return input;
  });
}

/** The student rates a trial they took part in. */
export async function rateTrial(deps: CoreDeps, actor: Actor, input: { enrollmentId: string; rating: number; comment: string }, meta: RequestMeta) {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(enrollments).where(and(eq(enrollments.id, input.enrollmentId), eq(enrollments.studentId, actor.id)));
    if (!row) throw new AppError("NOT_FOUND", "Запись не найдена");
    if (row.attendance !== "present" && row.attendance !== "late") throw new AppError("CONFLICT", "Оценить можно пробу, на которой отмечено твоё присутствие");
    const values = { rating: input.rating, comment: input.comment };
    await tx.insert(trialRatings).values({ enrollmentId: row.id, ...values }).onConflictDoUpdate({ target: trialRatings.enrollmentId, set: values });
    await audit(tx, { actorUserId: actor.id, action: "trial.rated", subjectType: "enrollment", subjectId: row.id, ip: meta.ip, data: values });
    await refreshPlan(tx, actor.id);
    return { enrollmentId: row.id, ...values };
  });
}

/** What a family needs to know about a trial: what the child will do, when, where, level, mentor. */
function trialFacts(t: typeof trials.$inferSelect, mentors: string[]) {
  return {
    description: t.description,
    durationMinutes: t.durationMinutes,
    level: t.level,
    format: t.format,
    place: trialPlace(t),
    mentors,
  };
}

/** A student's enrollments with trial, state, feedback and rating: for the student, a linked parent, or staff. */
export async function enrollmentsOf(db: DbOrTx, actor: Actor, studentId: string) {
  await assertCanViewStudent(db, actor, studentId);
  const rows = await db
    .select({
      e: enrollments,
      t: trials,
      feedback: mentorFeedback,
      rating: trialRatings,
      // Place on the waiting list, in the order it moves (see promoteWaitlist).
      waitlistPosition: sql<number | null>`case when ${enrollments.status} = 'waitlisted' then (
        select count(*)::int from ${enrollments} ahead
        where ahead.trial_id = ${enrollments.trialId} and ahead.status = 'waitlisted'
          and (ahead.waitlisted_at, ahead.created_at) <= (${enrollments.waitlistedAt}, ${enrollments.createdAt})) end`,
    })
    .from(enrollments)
    .innerJoin(trials, eq(trials.id, enrollments.trialId))
    .leftJoin(mentorFeedback, eq(mentorFeedback.enrollmentId, enrollments.id))
    .leftJoin(trialRatings, eq(trialRatings.enrollmentId, enrollments.id))
    .where(eq(enrollments.studentId, studentId))
    .orderBy(desc(enrollments.createdAt));
  const mentors = await mentorsOf(db, [...new Set(rows.map((r) => r.t.id))]);
  return rows.map(({ e, t, feedback, rating, waitlistPosition }) => ({
    enrollmentId: e.id,
    trialId: t.id,
    title: t.title,
    startsAt: t.startsAt.toISOString(),
    ...trialFacts(t, mentors.get(t.id) ?? []),
    status: e.status,
    approvalDueAt: e.approvalDueAt?.toISOString() ?? null,
    waitlistPosition,
    attendance: e.attendance,
    feedback: feedback ? { performance: feedback.performance, interest: feedback.interest, comment: feedback.comment } : null,
    rating: rating ? { rating: rating.rating, comment: rating.comment } : null,
  }));
}

/**
 * One approval request as it stands now, for the parent's notification panel:
 * the trial's facts and the enrollment's current state, so a request decided
 * elsewhere (another parent, the child's page, another tab) shows the decision.
 */
export async function approvalRequestState(db: DbOrTx, actor: Actor, enrollmentId: string) {
  const decidedBy = alias(users, "decided_by");
  const [row] = await db
    .select({
      e: enrollments,
      t: trials,
      child: { lastName: users.lastName, firstName: users.firstName },
      decidedBy: { lastName: decidedBy.lastName, firstName: decidedBy.firstName },
    })
    .from(enrollments)
    .innerJoin(trials, eq(trials.id, enrollments.trialId))
    .innerJoin(users, eq(users.id, enrollments.studentId))
    .leftJoin(decidedBy, eq(decidedBy.id, enrollments.decidedById))
    .where(eq(enrollments.id, enrollmentId));
  if (!row) throw new AppError("NOT_FOUND", "Запись не найдена");
  await assertParentOf(db, actor, row.e.studentId);
  const mentors = await mentorsOf(db, [row.t.id]);
  return {
    enrollmentId: row.e.id,
    studentId: row.e.studentId,
    childName: shortName(row.child),
    status: row.e.status,
    approvalDueAt: row.e.approvalDueAt?.toISOString() ?? null,
    decidedAt: row.e.decidedAt?.toISOString() ?? null,
    decidedByName: row.decidedBy?.lastName ? shortName(row.decidedBy) : null,
    trial: { id: row.t.id, title: row.t.title, startsAt: row.t.startsAt.toISOString(), ...trialFacts(row.t, mentors.get(row.t.id) ?? []) },
  };
}

export async function inviteMentor(deps: CoreDeps, actor: Actor, email: string, meta: RequestMeta) {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Наставников приглашает оператор проекта");
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new AppError("CONFLICT", "С этим адресом уже есть учётная запись", { fieldErrors: { email: "Адрес уже зарегистрирован" } });
    const { token, tokenHash } = generateToken();
    const [inv] = await tx
      .insert(mentorInvitations)
      .values({ email, invitedById: actor.id, tokenHash, expiresAt: new Date(Date.now() + MENTOR_INVITATION_DAYS * 86_400_000) })
      .returning({ id: mentorInvitations.id, expiresAt: mentorInvitations.expiresAt });
    await enqueueEmail(tx, email, emails.mentorInvitation({ url: `${deps.appOrigin}/mentors/join?token=${encodeURIComponent(token)}`, daysValid: MENTOR_INVITATION_DAYS }));
    await audit(tx, { actorUserId: actor.id, action: "mentor.invited", subjectType: "mentor_invitation", subjectId: inv!.id, ip: meta.ip });
    return { id: inv!.id, email, expiresAt: inv!.expiresAt.toISOString() };
  });
}

/** The invited mentor registers through the link; the account is active at once. */
export async function registerMentor(
  deps: CoreDeps,
  input: { token: string; lastName: string; firstName: string; middleName?: string; password: string },
  meta: RequestMeta,
) {
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const [inv] = await tx
      .update(mentorInvitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(mentorInvitations.tokenHash, hashToken(input.token)), sql`${mentorInvitations.acceptedAt} is null`, gt(mentorInvitations.expiresAt, sql`now()`)))
      .returning();
    if (!inv) throw new AppError("TOKEN_INVALID", "Приглашение недействительно, уже использовано или истекло. Попросите оператора отправить новое.");
    const created = await createAccount(tx, { role: "mentor", email: inv.email, passwordHash, lastName: input.lastName, firstName: input.firstName, middleName: input.middleName, activatedAt: new Date() });
    if (!created) throw new AppError("CONFLICT", "С этим адресом уже есть учётная запись");
    await audit(tx, { actorUserId: created.id, action: "account.registered", subjectType: "user", subjectId: created.id, ip: meta.ip, data: { role: "mentor" } });
    const { cookie } = await deps.sessions.create(created.id, meta, tx);
    return { cookie, redirectTo: "/mentor" };
  });
}
