import { and, asc, desc, eq, gt, gte, inArray, lte, sql } from "drizzle-orm";
import { competencies, diagnosticAttempts, enrollments, mentorFeedback, queryRows, studentProfiles, studyPlans, trialRatings, trials, users, type DbOrTx } from "@bilet/db";
import { assertCanViewStudent, parentsOf } from "../access.ts";
import { admissionOf, admittedSql } from "../admission.ts";
import type { Actor } from "../deps.ts";
import { AppError } from "../errors.ts";
import { notifyUsers } from "../notifications.ts";
import { fullName } from "../people.ts";
import { definitionOf } from "../diagnostics/definitions.ts";
import type { AttemptScore } from "../diagnostics/scoring.ts";
import { buildPlan, comparePlans, planDiagnostic, planRefusal, type Mark, type Plan, type PlanComparison, type PlanInput } from "./plan.ts";
import { renderPlanPdf } from "./pdf.ts";

const CATALOGUE_SIZE = 60;

/** Everything the planner takes for one student, read as of `now`. */
export async function planInputs(db: DbOrTx, studentId: string, now = new Date(), known: { admitted?: boolean } = {}): Promise<PlanInput> {
  const [profile] = await db.select({ grade: studentProfiles.grade, regionCode: studentProfiles.regionCode }).from(studentProfiles).where(eq(studentProfiles.userId, studentId));
  if (!profile) throw new AppError("NOT_FOUND", "Участник не найден");
  const admitted = known.admitted ?? (await admissionOf(db, studentId)).admitted;

  const attempts = await db
    .select({ testId: diagnosticAttempts.testId, testVersion: diagnosticAttempts.testVersion, finishedAt: diagnosticAttempts.finishedAt, result: diagnosticAttempts.result })
    .from(diagnosticAttempts)
    .where(and(eq(diagnosticAttempts.studentId, studentId), eq(diagnosticAttempts.status, "finished")))
    .orderBy(desc(diagnosticAttempts.finishedAt));
  const byTest = new Map<string, typeof attempts>();
  for (const a of attempts) byTest.set(a.testId, [...(byTest.get(a.testId) ?? []), a]);
  const diagnostics = await Promise.all(
    [...byTest.values()].map(async ([latest, previous]) => {
      const test = await definitionOf(db, latest!.testId, latest!.testVersion);
      return planDiagnostic(
        test,
        (latest!.result as AttemptScore).scales,
        latest!.finishedAt!.toISOString(),
        previous ? { finishedAt: previous.finishedAt!.toISOString(), scores: (previous.result as AttemptScore).scales } : null,
      );
    }),
  );

  const taken = await db
    .select({
      trialId: trials.id,
      title: trials.title,
      competencyCode: trials.competencyCode,
      competencyName: competencies.name,
      area: competencies.area,
      attendance: enrollments.attendance,
      mentorPerformance: mentorFeedback.performance,
      mentorInterest: mentorFeedback.interest,
      mentorComment: mentorFeedback.comment,
      studentRating: trialRatings.rating,
    })
    .from(enrollments)
    .innerJoin(trials, eq(trials.id, enrollments.trialId))
    .innerJoin(competencies, eq(competencies.code, trials.competencyCode))
    .leftJoin(mentorFeedback, eq(mentorFeedback.enrollmentId, enrollments.id))
    .leftJoin(trialRatings, eq(trialRatings.enrollmentId, enrollments.id))
    .where(and(eq(enrollments.studentId, studentId), inArray(enrollments.status, ["confirmed"])))
    .orderBy(asc(trials.startsAt));

  const upcoming = await db
    .select({ id: trials.id, title: trials.title, competencyCode: trials.competencyCode, startsAt: trials.startsAt, capacity: trials.capacity, seatsTaken: trials.seatsTaken, minGrade: trials.minGrade, maxGrade: trials.maxGrade, format: trials.format, regionCode: trials.regionCode })
    .from(trials)
    .where(and(eq(trials.status, "published"), gt(trials.startsAt, now), gt(trials.capacity, trials.seatsTaken), lte(trials.minGrade, profile.grade), gte(trials.maxGrade, profile.grade), gt(trials.enrollDeadline, now)))
    .orderBy(asc(trials.startsAt))
    .limit(CATALOGUE_SIZE);

  return {
    student: { grade: profile.grade, regionCode: profile.regionCode },
    admitted,
    asOf: now.toISOString(),
    diagnostics,
    trials: taken.map((t) => ({
      trialId: t.trialId,
      title: t.title,
      competencyCode: t.competencyCode,
      competencyName: t.competencyName,
      area: t.area,
      attended: t.attendance === "present" || t.attendance === "late",
      mentorPerformance: (t.mentorPerformance as Mark | null) ?? null,
      mentorInterest: (t.mentorInterest as Mark | null) ?? null,
      mentorComment: t.mentorComment ?? null,
      studentRating: (t.studentRating as Mark | null) ?? null,
    })),
    catalogue: upcoming.map((t) => ({ id: t.id, title: t.title, competencyCode: t.competencyCode, startsAt: t.startsAt.toISOString(), freeSeats: t.capacity - t.seatsTaken, minGrade: t.minGrade, maxGrade: t.maxGrade, format: t.format, regionCode: t.regionCode })),
  };
}

/** Two plans say the same when their sections do (the moment they were made aside). */
const samePlan = (a: Plan, b: Plan) => JSON.stringify(a.sections) === JSON.stringify(b.sections) && a.summary === b.summary;

/**
 * Makes the plan again from today's inputs and stores it as a new version when
 * it changed, telling the student and the linked parents in the same
 * transaction. Called inside the transaction of whatever changed the inputs
 * (a test finished, attendance, mentor feedback, the student's rating).
 */
export async function refreshPlan(tx: DbOrTx, studentId: string): Promise<{ version: number } | null> {
  // Most callers (every finished test, every consent) concern students who cannot have a plan yet: one
  // statement with planRefusal's preconditions before reading everything: admitted, an attended trial
  // with the mentor's feedback (both marks are required columns), a finished test (whether its scales
  // have scores is left to planRefusal).
  const [may] = await queryRows<{ admitted: boolean; profile: boolean; trial: boolean; test: boolean }>(
    tx,
    sql`select ${admittedSql(studentId)} as admitted,
      exists (select 1 from ${studentProfiles} where ${studentProfiles.userId} = ${studentId}) as profile,
      exists (select 1 from ${enrollments} join ${mentorFeedback} on ${mentorFeedback.enrollmentId} = ${enrollments.id}
        where ${enrollments.studentId} = ${studentId} and ${enrollments.status} = 'confirmed' and ${enrollments.attendance} in ('present', 'late')) as trial,
      exists (select 1 from ${diagnosticAttempts} where ${diagnosticAttempts.studentId} = ${studentId} and ${diagnosticAttempts.status} = 'finished') as test`,
  );
  if (!may?.admitted) return null;
  // Without a profile planInputs refuses (NOT_FOUND), as it always did.
  if (may.profile && !(may.trial && may.test)) return null;
  const input = await planInputs(tx, studentId, new Date(), { admitted: true });
  if (planRefusal(input)) return null;
  const plan = buildPlan(input);
  // Versions are numbered per student; the row lock keeps two refreshes from taking the same number.
  await tx.execute(sql`select 1 from ${users} where ${users.id} = ${studentId} for update`);
  const [latest] = await tx.select().from(studyPlans).where(eq(studyPlans.studentId, studentId)).orderBy(desc(studyPlans.version)).limit(1);
  if (latest && samePlan(latest.plan as Plan, plan)) return null;
  const version = (latest?.version ?? 0) + 1;
  await tx.insert(studyPlans).values({ studentId, version, plan });
  const [student] = await tx.select({ firstName: users.firstName, lastName: users.lastName, middleName: users.middleName }).from(users).where(eq(users.id, studentId));
  const title = version === 1 ? "Рекомендации готовы" : "Рекомендации обновлены";
  await notifyUsers(tx, [studentId], {
    type: "recommendations.ready",
    title,
    body: version === 1 ? "Индивидуальный учебный план по итогам диагностики и проб уже в кабинете." : `Новая версия плана (${version}): что изменилось и почему, видно на странице рекомендаций.`,
    link: "/student/recommendations",
    data: { version },
  });
  const parents = await parentsOf(tx, studentId);
  if (parents.length > 0) {
    await notifyUsers(tx, parents, {
      type: "recommendations.ready",
      title: `${title}: ${student!.firstName}`,
      body: `Индивидуальный учебный план для ${fullName(student!)}${version > 1 ? `, версия ${version}` : ""}.`,
      link: `/parent/children/${studentId}/recommendations`,
      data: { studentId, version },
    });
  }
  return { version };
}

export type PlanView =
  | { state: "none"; reason: string; admitted: boolean }
  | {
      state: "ready";
      studentId: string;
      studentName: string;
      grade: number;
      version: number;
      createdAt: string;
      plan: Plan;
      versions: { version: number; createdAt: string }[];
      /** What changed since the version before this one. */
      changes: PlanComparison | null;
    };

/** The plan for the student, a linked parent or staff; a mentor sees nothing of it. */
export async function studentPlan(db: DbOrTx, actor: Actor, studentId: string, version?: number): Promise<PlanView> {
  await assertCanViewStudent(db, actor, studentId);
  const admission = await admissionOf(db, studentId);
  const rows = await db.select().from(studyPlans).where(eq(studyPlans.studentId, studentId)).orderBy(desc(studyPlans.version));
  if (!admission.admitted) {
    return { state: "none", admitted: false, reason: "Рекомендации доступны, когда родитель дал согласие на обработку персональных данных в своём кабинете." };
  }
  if (rows.length === 0) {
    const reason = planRefusal(await planInputs(db, studentId)) ?? "План появится после хотя бы одной пройденной пробы с отзывом наставника.";
    return { state: "none", admitted: true, reason };
  }
  const current = version ? rows.find((r) => r.version === version) : rows[0];
  if (!current) throw new AppError("NOT_FOUND", "Такой версии плана нет");
  const before = rows.find((r) => r.version === current.version - 1);
  const [student] = await db
    .select({ firstName: users.firstName, lastName: users.lastName, middleName: users.middleName, grade: studentProfiles.grade })
    .from(users)
    .innerJoin(studentProfiles, eq(studentProfiles.userId, users.id))
    .where(eq(users.id, studentId));
  return {
    state: "ready",
    studentId,
    studentName: fullName(student!),
    grade: student!.grade,
    version: current.version,
    createdAt: current.createdAt.toISOString(),
    plan: current.plan as Plan,
    versions: rows.map((r) => ({ version: r.version, createdAt: r.createdAt.toISOString() })),
    changes: before ? comparePlans(before.plan as Plan, current.plan as Plan) : null,
  };
}

/** The plan as a PDF, with the same access as the page. */
export async function studentPlanPdf(db: DbOrTx, actor: Actor, studentId: string, version?: number): Promise<{ filename: string; pdf: Buffer }> {
  const view = await studentPlan(db, actor, studentId, version);
  if (view.state !== "ready") throw new AppError("NOT_FOUND", view.reason);
  const pdf = await renderPlanPdf(view.plan, { studentName: view.studentName, grade: view.grade, version: view.version, createdAt: view.createdAt });
  return { filename: `plan-v${view.version}.pdf`, pdf };
}

/** For staff: how many students have a plan, by grade and by region (no names). */
export async function planCounts(db: DbOrTx, actor: Actor) {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Раздел для оператора проекта");
  return tallyPlans(db);
}

/** Students with a plan, by grade and by region: a scan of every plan, so the staff cabinet reads it from platform_counts. */
export async function tallyPlans(db: DbOrTx) {
  const latest = db.$with("latest").as(db.selectDistinctOn([studyPlans.studentId], { studentId: studyPlans.studentId }).from(studyPlans));
  const rows = await db
    .with(latest)
    .select({ grade: studentProfiles.grade, regionCode: studentProfiles.regionCode, n: sql<number>`count(*)::int` })
    .from(latest)
    .innerJoin(studentProfiles, eq(studentProfiles.userId, latest.studentId))
    .groupBy(studentProfiles.grade, studentProfiles.regionCode);
  const byGrade = new Map<number, number>();
  const byRegion = new Map<string, number>();
  for (const r of rows) {
    byGrade.set(r.grade, (byGrade.get(r.grade) ?? 0) + Number(r.n));
    byRegion.set(r.regionCode, (byRegion.get(r.regionCode) ?? 0) + Number(r.n));
  }
  return {
    total: rows.reduce((s, r) => s + Number(r.n), 0),
    byGrade: [...byGrade].map(([grade, n]) => ({ grade, n })).sort((a, b) => a.grade - b.grade),
    byRegion: [...byRegion].map(([regionCode, n]) => ({ regionCode, n })).sort((a, b) => b.n - a.n),
  };
}

