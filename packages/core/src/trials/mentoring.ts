import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { generateToken, hashPassword, hashToken } from "@bilet/auth";
import { enrollments, mentorFeedback, mentorInvitations, studentProfiles, trialMentors, trialRatings, trials, users, type DbOrTx } from "@bilet/db";
import { emails, enqueueEmail } from "@bilet/mail";
import { assertCanViewStudent, parentsOf } from "../access.ts";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { notifyUser, notifyUsers } from "../notifications.ts";
import { fullName } from "../people.ts";

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

export async function mentorTrials(db: DbOrTx, actor: Actor) {
  if (actor.role !== "mentor") throw new AppError("FORBIDDEN", "Раздел наставника");
  return db
    .select({ id: trials.id, title: trials.title, startsAt: trials.startsAt, durationMinutes: trials.durationMinutes, capacity: trials.capacity, seatsTaken: trials.seatsTaken, status: trials.status })
    .from(trialMentors)
    .innerJoin(trials, eq(trials.id, trialMentors.trialId))
    .where(eq(trialMentors.mentorId, actor.id))
    .orderBy(asc(trials.startsAt));
}

export async function roster(db: DbOrTx, actor: Actor, trialId: string) {
  await assertMentorOf(db, actor, trialId);
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
    })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.studentId))
    .innerJoin(studentProfiles, eq(studentProfiles.userId, enrollments.studentId))
    .leftJoin(mentorFeedback, eq(mentorFeedback.enrollmentId, enrollments.id))
    .where(and(eq(enrollments.trialId, trialId), inArray(enrollments.status, ["awaiting_approval", "confirmed", "waitlisted"])))
    .orderBy(asc(users.lastName), asc(users.firstName));
  return rows.map((r) => ({ enrollmentId: r.enrollmentId, name: fullName(r), grade: r.grade, status: r.status, attendance: r.attendance, hasFeedback: r.hasFeedback }));
}

const ATTENDANCE_TEXT = { present: "пришёл(ла) на пробу", late: "пришёл(ла) на пробу с опозданием", absent: "не пришёл(ла) на пробу" } as const;

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
      title: `${student!.firstName} ${ATTENDANCE_TEXT[input.mark]}`,
      body: `Проба «${t.title}»: наставник отметил посещение.`,
      link: `/parent/children/${e.studentId}`,
      data: { enrollmentId: e.id, trialId: t.id, mark: input.mark },
    });
    await audit(tx, { actorUserId: actor.id, action: "trial.attendance_marked", subjectType: "enrollment", subjectId: e.id, ip: meta.ip, data: { mark: input.mark } });
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
      body: `Отзыв о пробе «${t.title}» появился в вашем кабинете. Оцените и вы эту пробу.`,
      link: "/student",
      data: { enrollmentId: e.id, trialId: t.id },
    });
    await audit(tx, { actorUserId: actor.id, action: "trial.feedback_left", subjectType: "enrollment", subjectId: e.id, ip: meta.ip });
    return input;
  });
}

/** The student rates a trial they took part in. */
export async function rateTrial(deps: CoreDeps, actor: Actor, input: { enrollmentId: string; rating: number; comment: string }, meta: RequestMeta) {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(enrollments).where(and(eq(enrollments.id, input.enrollmentId), eq(enrollments.studentId, actor.id)));
    if (!row) throw new AppError("NOT_FOUND", "Запись не найдена");
    if (row.attendance !== "present" && row.attendance !== "late") throw new AppError("CONFLICT", "Оценить можно пробу, на которой вы были");
    const values = { rating: input.rating, comment: input.comment };
    await tx.insert(trialRatings).values({ enrollmentId: row.id, ...values }).onConflictDoUpdate({ target: trialRatings.enrollmentId, set: values });
    await audit(tx, { actorUserId: actor.id, action: "trial.rated", subjectType: "enrollment", subjectId: row.id, ip: meta.ip, data: values });
    return { enrollmentId: row.id, ...values };
  });
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
  return rows.map(({ e, t, feedback, rating, waitlistPosition }) => ({
    enrollmentId: e.id,
    trialId: t.id,
    title: t.title,
    startsAt: t.startsAt.toISOString(),
    status: e.status,
    approvalDueAt: e.approvalDueAt?.toISOString() ?? null,
    waitlistPosition,
    attendance: e.attendance,
    feedback: feedback ? { performance: feedback.performance, interest: feedback.interest, comment: feedback.comment } : null,
    rating: rating ? { rating: rating.rating, comment: rating.comment } : null,
  }));
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
    const [created] = await tx
      .insert(users)
      .values({ email: inv.email, passwordHash, role: "mentor", lastName: input.lastName, firstName: input.firstName, middleName: input.middleName ?? null, activatedAt: new Date() })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!created) throw new AppError("CONFLICT", "С этим адресом уже есть учётная запись");
    await audit(tx, { actorUserId: created.id, action: "account.registered", subjectType: "user", subjectId: created.id, ip: meta.ip, data: { role: "mentor" } });
    const { cookie } = await deps.sessions.create(created.id, meta, tx);
    return { cookie, redirectTo: "/mentor" };
  });
}
