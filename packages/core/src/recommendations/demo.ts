import { eq, inArray } from "drizzle-orm";
import { enrollments, mentorFeedback, studyPlans, trialMentors, trialRatings, trials, users, type Database } from "@bilet/db";
import { DEMO_ACCOUNTS } from "../demo.ts";
import { refreshPlan } from "./service.ts";

/**
 * A trial the demo student took three days ago, with the mentor's feedback and
 * the student's rating, so that right after `npm start` the demo family has a
 * study plan. Run after the demo accounts, season and diagnostics; creates only
 * what is missing.
 */
export async function seedDemoPlan(db: Database): Promise<void> {
  const emails = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.role, a.email]));
  const people = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, [emails.student!, emails.mentor!]));
  const student = people.find((p) => p.email === emails.student)?.id;
  const mentor = people.find((p) => p.email === emails.mentor)?.id;
  if (!student || !mentor) return;
  const [plan] = await db.select({ id: studyPlans.id }).from(studyPlans).where(eq(studyPlans.studentId, student)).limit(1);
  if (plan) return;
  const startsAt = new Date(Date.now() - 3 * 86_400_000);
  startsAt.setUTCHours(12, 0, 0, 0); // 15:00 Moscow time
  await db.transaction(async (tx) => {
    const [trial] = await tx
      .insert(trials)
      .values({
        competencyCode: "mobile-robotics",
        title: "Мобильная робототехника: первый робот",
        description: "Собрали колёсного робота и запрограммировали его проезд по линии.",
        level: "intro",
        format: "in_person",
        regionCode: "77",
        address: "Москва, Технопарк, ул. Новая, 5",
        startsAt,
        durationMinutes: 120,
        capacity: 10,
        seatsTaken: 1,
        minGrade: 6,
        maxGrade: 11,
        enrollDeadline: new Date(startsAt.getTime() - 86_400_000),
      })
      .returning({ id: trials.id });
    await tx.insert(trialMentors).values({ trialId: trial!.id, mentorId: mentor });
    const [enrollment] = await tx
      .insert(enrollments)
      .values({ trialId: trial!.id, studentId: student, status: "confirmed", decidedAt: new Date(startsAt.getTime() - 2 * 86_400_000), attendance: "present", attendanceMarkedAt: startsAt })
      .returning({ id: enrollments.id });
    await tx.insert(mentorFeedback).values({ enrollmentId: enrollment!.id, mentorId: mentor, performance: 4, interest: 5, comment: "Быстро разобралась с датчиками линии, предлагала свои решения." });
    await tx.insert(trialRatings).values({ enrollmentId: enrollment!.id, rating: 5, comment: "Очень понравилось!" });
    await refreshPlan(tx, student);
  });
}
