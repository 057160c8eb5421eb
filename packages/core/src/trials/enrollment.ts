import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import { enrollments, familyLinks, queryRows, seasonCalendar, studentProfiles, trials, type DbOrTx, type EnrollmentStatus } from "@bilet/db";
import { formatDateTime } from "@bilet/validators";
import { assertParentOf, parentsOf } from "../access.ts";
import { admittedSql, refuseGraduate } from "../admission.ts";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { notifyUser, notifyUsers } from "../notifications.ts";
import { noticeRecipientsJsonSql, noticeRowsWithDelivery } from "../notifications/delivery.ts";
import { kindOfNotice } from "../notifications/kinds.ts";
import { approvalDeadline, approvalLink, approvalReminder, approvalRequest, trialPlace } from "./approval.ts";
import { trialWindowRefusal } from "./calendar.ts";

/** A held seat waits this long for a parent's decision (hours). */
export const APPROVAL_HOURS = 48;

/** The preference kind of approval requests (a decision: its letter goes in the enrolling transaction). */
const APPROVAL_KIND = kindOfNotice("trial.approval_requested");

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
      graduatedAt: studentProfiles.graduatedAt,
      parentIds: sql<string[]>`coalesce((select array_agg(${familyLinks.parentId}::text) from ${familyLinks} where ${familyLinks.studentId} = ${studentId}), '{}')`,
      // The parents with their email and push choices for approval requests: the delivery is decided before the write.
      parents: noticeRecipientsJsonSql(sql`select ${familyLinks.parentId} from ${familyLinks} where ${familyLinks.studentId} = ${studentId}`, APPROVAL_KIND),
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

function refuseUnlessEligible({ trial, grade, graduatedAt, parentIds, consented, season, clash }: EnrollmentFacts) {
  if (trial.status === "cancelled") throw new AppError("CONFLICT", TRIAL_CANCELLED);
  refuseGraduate(graduatedAt);
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
 * enroll_student (migrations 0003, 0011), which takes the seat, stores the
 * parents' notices with their letters and push deliveries, and the audit
 * entry in one round trip under the trial's row lock.
 */
export async function enroll(deps: CoreDeps, actor: Actor, trialId: string, meta: RequestMeta): Promise<EnrollmentDto> {
  if (actor.role !== "student") throw new AppError("FORBIDDEN", "Записаться на пробу может только участник");
  const facts = await enrollmentFacts(deps.db, trialId, actor.id);
  if (!facts) throw new AppError("NOT_FOUND", "Проба не найдена");
  if (facts.existing) return dto(facts.existing);
  refuseUnlessEligible(facts);

  const enrollmentId = randomUUID();
  const approvalDueAt = approvalDeadline(new Date(), facts.trial.startsAt, deps.approvalHours ?? APPROVAL_HOURS);
  // The notices carry each parent's letter and push intent: enroll_student stores them with the seat, in one transaction.
  const notices = noticeRowsWithDelivery(
    facts.parents,
    approvalRequest({ ...facts.trial, mentors: facts.mentors }, { id: enrollmentId, studentId: actor.id, studentName: facts.studentName, approvalDueAt }),
    deps.appOrigin,
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
      .orderBy(asc(enrollments.waitlistedAt), asc(enrollments.createdAt), asc(enrollments.id))
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

/** Most batches one round of the approval-expiry job handles; the rest wait for the next round. */
const EXPIRY_BATCHES_PER_ROUND = 20;

/**
 * Releases seats whose approval did not come in time, gives them to the
 * waiting lists and tells the students and the parents. Set-based, in batches
 * of `batch` enrollments, each in its own short transaction: a batch takes a
 * fixed number of statements for its writes (claim and expire, lock its trials
 * in id order, pick the waiting students, hold their seats, count the seats)
 * plus one notice statement per person told. Safe on every instance: rows are
 * claimed with SKIP LOCKED. Returns how many enrollments expired.
 */
export async function expireStaleApprovals(db: DbOrTx, approvalHours = APPROVAL_HOURS, batch = 100): Promise<number> {
  let total = 0;
  for (let round = 0; round < EXPIRY_BATCHES_PER_ROUND; round += 1) {
    const expired = await db.transaction((tx) => expireBatch(tx, approvalHours, batch));
    total += expired;
    if (expired < batch) break;
  }
  return total;
}

async function expireBatch(tx: DbOrTx, approvalHours: number, batch: number): Promise<number> {
  const now = new Date();
  // 1. Claim the due enrollments and expire them in one statement.
  const due = tx
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.status, "awaiting_approval"), lte(enrollments.approvalDueAt, sql`now()`)))
    .orderBy(asc(enrollments.approvalDueAt))
    .limit(batch)
    .for("update", { skipLocked: true });
  const expired = await tx
    .update(enrollments)
    .set({ status: "expired", decidedById: null, decidedAt: now, approvalDueAt: null })
    .where(inArray(enrollments.id, due))
    .returning({ id: enrollments.id, trialId: enrollments.trialId, studentId: enrollments.studentId });
  if (expired.length === 0) return 0;

  // 2. Lock their trials in id order (two batches never wait on each other crosswise).
  const freed = new Map<string, number>();
  for (const e of expired) freed.set(e.trialId, (freed.get(e.trialId) ?? 0) + 1);
  const locked = await tx.select().from(trials).where(inArray(trials.id, [...freed.keys()])).orderBy(asc(trials.id)).for("update");
  const trialOf = new Map(locked.map((t) => [t.id, t]));

  // 3. The first waiting students of each published trial, one per free seat, in the order the list moves.
  const open = locked
    .filter((t) => t.status === "published")
    .map((t) => ({ id: t.id, free: t.capacity - (t.seatsTaken - (freed.get(t.id) ?? 0)) }))
    .filter((t) => t.free > 0);
  const next = open.length
    ? await queryRows<{ id: string; trial_id: string; student_id: string }>(
        tx,
        sql`select w.id, w.trial_id, w.student_id from (
              select w.*, row_number() over (partition by w.trial_id order by w.waitlisted_at, w.created_at, w.id) as place, t.free
              from jsonb_to_recordset(${JSON.stringify(open)}::jsonb) as t(id uuid, free int)
              cross join lateral (
                select e.id, e.trial_id, e.student_id, e.waitlisted_at, e.created_at from ${enrollments} e
                where e.trial_id = t.id and e.status = 'waitlisted'
                order by e.waitlisted_at, e.created_at, e.id
                limit ${Math.max(...open.map((t) => t.free))}
                for update skip locked) w
            ) w where w.place <= w.free`,
      )
    : [];

  // 4. Hold their seats for the parents' approval, each with its trial's deadline.
  const holds = next.map((w) => ({ id: w.id, trialId: w.trial_id, studentId: w.student_id, due: approvalDeadline(now, trialOf.get(w.trial_id)!.startsAt, approvalHours) }));
  if (holds.length > 0) {
    await tx.execute(sql`update ${enrollments} e set status = 'awaiting_approval', waitlisted_at = null, approval_due_at = x.due
      from jsonb_to_recordset(${JSON.stringify(holds.map((h) => ({ id: h.id, due: h.due.toISOString() })))}::jsonb) as x(id uuid, due timestamptz)
      where e.id = x.id`);
  }

  // 5. Each trial's seats: those freed go back, those held are taken.
  const taken = new Map<string, number>();
  for (const h of holds) taken.set(h.trialId, (taken.get(h.trialId) ?? 0) + 1);
  const seats = [...freed].map(([id, n]) => ({ id, delta: (taken.get(id) ?? 0) - n }));
  await tx.execute(sql`update ${trials} t set seats_taken = t.seats_taken + x.delta
    from jsonb_to_recordset(${JSON.stringify(seats)}::jsonb) as x(id uuid, delta int)
    where t.id = x.id`);

  // 6. Who is told, read once for the whole batch: parents, names, mentors.
  const students = [...new Set([...expired.map((e) => e.studentId), ...holds.map((h) => h.studentId)])];
  const links = await tx.select({ parentId: familyLinks.parentId, studentId: familyLinks.studentId }).from(familyLinks).where(inArray(familyLinks.studentId, students));
  const parentsOfStudent = new Map<string, string[]>();
  for (const l of links) parentsOfStudent.set(l.studentId, [...(parentsOfStudent.get(l.studentId) ?? []), l.parentId]);
  const facts = holds.length
    ? await queryRows<{ kind: "student" | "trial"; id: string; name: string | null; mentors: string[] | null }>(
        tx,
        sql`select 'student' as kind, id::text, first_name || ' ' || last_name as name, null::text[] as mentors from users
              where id in (${sql.join([...new Set(holds.map((h) => sql`${h.studentId}::uuid`))], sql`, `)})
            union all
            select 'trial', t.id::text, null, ${mentorNamesSql(sql`t.id`)} from ${trials} t
              where t.id in (${sql.join([...new Set(holds.map((h) => sql`${h.trialId}::uuid`))], sql`, `)})`,
      )
    : [];
  const studentName = new Map(facts.filter((f) => f.kind === "student").map((f) => [f.id, f.name ?? ""]));
  const mentors = new Map(facts.filter((f) => f.kind === "trial").map((f) => [f.id, f.mentors ?? []]));

  for (const h of holds) {
    const trial = trialOf.get(h.trialId)!;
    const request = approvalRequest({ ...trial, mentors: mentors.get(h.trialId) ?? [] }, { id: h.id, studentId: h.studentId, studentName: studentName.get(h.studentId) ?? "", approvalDueAt: h.due });
    await notifyUsers(tx, parentsOfStudent.get(h.studentId) ?? [], request);
    await notifyUser(tx, h.studentId, {
      type: "trial.seat_freed",
      title: "Освободилось место на пробе",
      body: `Ты в списке участников пробы ${quoted(trial)}. Родитель получил запрос на подтверждение.`,
      link: "/student",
      data: { enrollmentId: h.id, trialId: h.trialId },
    });
  }
  for (const e of expired) {
    const notice = {
      type: "trial.approval_expired",
      title: "Место на пробе освобождено",
      body: `Участие в пробе ${quoted(trialOf.get(e.trialId)!)} не подтвердили вовремя, место передано следующему в листе ожидания.`,
      data: { enrollmentId: e.id, trialId: e.trialId },
    };
    await notifyUser(tx, e.studentId, { ...notice, link: "/student" });
    await notifyUsers(tx, parentsOfStudent.get(e.studentId) ?? [], { ...notice, link: `/parent/children/${e.studentId}` });
  }
  return expired.length;
}

/** The parents are reminded this many hours before an approval deadline, once, if nobody has decided. */
export const APPROVAL_REMINDER_HOURS = 12;
/** No reminder this soon after the request itself (a trial that starts within hours asks once). */
const REMINDER_QUIET_HOURS = 6;

/**
 * Reminds the parents of held seats whose approval deadline is less than
 * APPROVAL_REMINDER_HOURS away and still undecided: a decision notice (a
 * letter at once and push), sent once — approvalRemindedAt is set in the same
 * transaction. Rows are claimed with SKIP LOCKED, so every instance may run it.
 */
export async function remindPendingApprovals(db: DbOrTx, origin?: string, batch = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(enrollments)
      .where(
        and(
          eq(enrollments.status, "awaiting_approval"),
          isNull(enrollments.approvalRemindedAt),
          sql`${enrollments.approvalDueAt} > now()`,
          sql`${enrollments.approvalDueAt} <= now() + make_interval(hours => ${APPROVAL_REMINDER_HOURS})`,
          sql`not exists (
            select 1 from notifications n join family_links l on l.parent_id = n.user_id
            where l.student_id = ${enrollments.studentId} and n.type = 'trial.approval_requested'
              and n.data->>'enrollmentId' = ${enrollments.id}::text and n.created_at > now() - make_interval(hours => ${REMINDER_QUIET_HOURS}))`,
        ),
      )
      .orderBy(asc(enrollments.approvalDueAt))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const e of due) {
      await tx.update(enrollments).set({ approvalRemindedAt: new Date() }).where(eq(enrollments.id, e.id));
      const [trial] = await tx.select().from(trials).where(eq(trials.id, e.trialId));
      const [row] = await queryRows<{ mentors: string[]; student_name: string }>(
        tx,
        sql`select ${mentorNamesSql(sql`${e.trialId}::uuid`)} as mentors,
                   (select first_name || ' ' || last_name from users where id = ${e.studentId}) as student_name`,
      );
      await notifyUsers(
        tx,
        await parentsOf(tx, e.studentId),
        approvalReminder({ ...trial!, mentors: row?.mentors ?? [] }, { id: e.id, studentId: e.studentId, studentName: row?.student_name ?? "", approvalDueAt: e.approvalDueAt! }),
        { origin },
      );
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

/**
 * A trial's time or place changed: every student enrolled (held, confirmed or
 * waiting) and their parents are told, in the transaction of the change (an
 * important notice: push at once, email in the next digest).
 */
export async function tellTrialMoved(tx: DbOrTx, before: Trial, after: Trial): Promise<void> {
  const when = before.startsAt.getTime() !== after.startsAt.getTime() || before.durationMinutes !== after.durationMinutes;
  const where = before.format !== after.format || before.address !== after.address || before.regionCode !== after.regionCode || before.link !== after.link;
  if (!when && !where) return;
  const live = await tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.trialId, after.id), inArray(enrollments.status, LIVE)));
  const changes = [
    when ? `Теперь: ${formatDateTime(after.startsAt)}, ${after.durationMinutes} мин. (было ${formatDateTime(before.startsAt)}).` : null,
    where ? `Место: ${trialPlace(after)}.` : null,
  ].filter((line): line is string => line !== null);
  const title = when ? `Проба ${quoted(after)} перенесена` : `У пробы ${quoted(after)} новое место`;
  for (const e of live) {
    const data = { enrollmentId: e.id, trialId: after.id };
    await notifyUser(tx, e.studentId, { type: "trial.moved", title, body: [...changes, "Проверь, что успеваешь."].join(" "), link: "/student", data });
    await notifyUsers(tx, await parentsOf(tx, e.studentId), {
      type: "trial.moved",
      title,
      body: changes.join(" "),
      link: approvalLink({ id: e.id, studentId: e.studentId }),
      data: { ...data, studentId: e.studentId },
    });
  }
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
