import { hashPassword } from "@bilet/auth";
import { createSessionManager } from "@bilet/auth";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import {
  diagnosticAnswers,
  diagnosticAttempts,
  diagnosticTests,
  enrollments,
  familyLinks,
  invitations,
  mentorFeedback,
  notifications,
  requestMessages,
  requests,
  studyPlans,
  trialMentors,
  trialRatings,
  trials,
  userIdentities,
  type Database,
} from "@bilet/db";
import { createAccount } from "../account-records.ts";
import { giveConsent } from "../consent.ts";
import type { CoreDeps } from "../deps.ts";

/**
 * Two families with everything the platform keeps about a child, for the
 * data-rights tests: the Ivanovs (a child with two parents) and the Smirnovs
 * (one parent, one child), a mentor and staff. Rows that the services would
 * make over many steps (an attempt, a trial with feedback, a request) are
 * written directly; consent goes through the real service.
 */
export const PASSWORD = "parol2026";

let hash: Promise<string> | undefined;

export function testDeps(db: Database, extra: Partial<CoreDeps> = {}): CoreDeps {
  return { db, sessions: createSessionManager(db, { idleDays: 14, secureCookie: false }), appOrigin: "http://bilet.test", rateLimitFactor: 1, ...extra };
}

let counter = 0;
const tag = () => `${Date.now().toString(36)}${(counter += 1)}`;

export async function person(
  deps: CoreDeps,
  role: "student" | "parent" | "mentor" | "staff",
  name: { lastName: string; firstName: string; middleName?: string },
  options: { birthDate?: string; school?: string; password?: boolean } = {},
) {
  hash ??= hashPassword(PASSWORD);
  const email = `${role}.${tag()}@example.ru`;
  const created = await createAccount(deps.db, {
    role,
    email,
    passwordHash: options.password === false ? null : await hash,
    ...name,
    activatedAt: new Date(),
    student: role === "student" ? { birthDate: options.birthDate ?? "2011-05-20", grade: 8, regionCode: "77", school: options.school ?? "Школа № 57" } : undefined,
    parent: role === "parent" ? { regionCode: "50" } : undefined,
  });
  return { id: created!.id, email, role, ...name };
}

export type TestPerson = Awaited<ReturnType<typeof person>>;

const consentMeta = (ip: string, userAgent: string) => ({ ip, userAgent, authMethod: "password" as const });

async function link(deps: CoreDeps, parent: TestPerson, child: TestPerson, consent: { ip: string; userAgent: string } | null) {
  await deps.db.insert(familyLinks).values({ parentId: parent.id, studentId: child.id });
  if (consent) await giveConsent(deps, { id: parent.id, role: "parent" }, { studentId: child.id, version: CURRENT_CONSENT_VERSION }, consentMeta(consent.ip, consent.userAgent));
}

/** A finished attempt, an attended trial with the mentor's feedback and the child's rating, a plan, a request, a session. */
async function childRecords(deps: CoreDeps, child: TestPerson, trialId: string, mentorId: string, words: { feedback: string; rating: string; request: string; plan: string }) {
  const [test] = await deps.db.select({ testId: diagnosticTests.testId, version: diagnosticTests.version }).from(diagnosticTests).limit(1);
  const [attempt] = await deps.db
    .insert(diagnosticAttempts)
    .values({ studentId: child.id, testId: test!.testId, testVersion: test!.version, status: "finished", seed: "s", finishedAt: new Date(), result: { scales: [{ scale: "x", title: "Шкала", percent: 62.5 }], quiz: null, missing: [] } })
    .returning({ id: diagnosticAttempts.id });
  await deps.db.insert(diagnosticAnswers).values({ attemptId: attempt!.id, itemId: "q1", answer: 4 });
  const [enrollment] = await deps.db
    .insert(enrollments)
    .values({ trialId, studentId: child.id, status: "confirmed", attendance: "present", attendanceMarkedAt: new Date() })
    .returning({ id: enrollments.id });
  await deps.db.insert(mentorFeedback).values({ enrollmentId: enrollment!.id, mentorId, performance: 5, interest: 4, comment: words.feedback });
  await deps.db.insert(trialRatings).values({ enrollmentId: enrollment!.id, rating: 5, comment: words.rating });
  await deps.db.insert(studyPlans).values({ studentId: child.id, version: 1, plan: { summary: words.plan, sections: [] } });
  const [request] = await deps.db
    .insert(requests)
    .values({
      userId: child.id,
      channel: "chat",
      regionCode: "77",
      fullName: `${child.lastName} ${child.firstName}`,
      email: child.email,
      subject: "Вопрос о пробах",
      text: words.request,
      status: "new",
      decision: "accept",
      triageRule: "accept",
      triageExplanation: "Вопрос по существу",
    })
    .returning({ id: requests.id });
  await deps.db.insert(requestMessages).values({ requestId: request!.id, author: "user", text: words.request });
  await deps.sessions.create(child.id, { ip: "10.9.9.9", userAgent: "Child browser" });
  return { attemptId: attempt!.id, enrollmentId: enrollment!.id, requestId: request!.id };
}

export async function twoFamilies(deps: CoreDeps) {
  const mentor = await person(deps, "mentor", { lastName: "Соколов", firstName: "Денис" });
  const staff = await person(deps, "staff", { lastName: "Морозова", firstName: "Елена" });
  const [trial] = await deps.db
    .insert(trials)
    .values({
      competencyCode: (await deps.db.query.competencies.findFirst())!.code,
      title: "Мобильная робототехника",
      level: "intro",
      format: "online",
      link: "https://meet.example.ru/robots",
      startsAt: new Date(Date.now() - 86_400_000),
      durationMinutes: 90,
      capacity: 10,
      seatsTaken: 2,
      minGrade: 6,
      maxGrade: 11,
      enrollDeadline: new Date(Date.now() - 2 * 86_400_000),
    })
    .returning({ id: trials.id });
  await deps.db.insert(trialMentors).values({ trialId: trial!.id, mentorId: mentor.id });

  const mama = await person(deps, "parent", { lastName: "Иванова", firstName: "Ольга", middleName: "Николаевна" });
  const papa = await person(deps, "parent", { lastName: "Иванов", firstName: "Игорь" });
  const petya = await person(deps, "student", { lastName: "Иванов", firstName: "Пётр" }, { school: "Лицей № 1535" });
  await link(deps, mama, petya, { ip: "10.1.1.1", userAgent: "Mama browser" });
  await link(deps, papa, petya, { ip: "10.2.2.2", userAgent: "Papa browser" });
  // The child invited the father, who accepted; the father signs in with ESIA too.
  await deps.db.insert(invitations).values({ inviterId: petya.id, inviteeEmail: papa.email, inviteeRole: "parent", tokenHash: `h-${tag()}`, status: "accepted", expiresAt: new Date(Date.now() + 86_400_000), acceptedById: papa.id, acceptedAt: new Date() });
  await deps.db.insert(userIdentities).values({ provider: "esia", subject: `esia-papa-${tag()}`, userId: papa.id });
  const petyaRecords = await childRecords(deps, petya, trial!.id, mentor.id, { feedback: "Петя собрал робота первым", rating: "Было интересно", request: "Когда следующая проба по робототехнике?", plan: "План Пети" });
  await deps.db.insert(userIdentities).values({ provider: "esia", subject: `esia-petya-${tag()}`, userId: petya.id });

  const maria = await person(deps, "parent", { lastName: "Смирнова", firstName: "Мария" });
  const anya = await person(deps, "student", { lastName: "Смирнова", firstName: "Анна" }, { school: "Гимназия № 7" });
  await link(deps, maria, anya, { ip: "10.3.3.3", userAgent: "Maria browser" });
  const anyaRecords = await childRecords(deps, anya, trial!.id, mentor.id, { feedback: "Аня помогала другим", rating: "Хочу ещё", request: "Можно ли перенести пробу Ани?", plan: "План Ани" });
  // A parent of another family invited Petya's address by mistake: the child's file must not name her.
  await deps.db.insert(invitations).values({ inviterId: maria.id, inviteeEmail: petya.email, inviteeRole: "student", tokenHash: `h-${tag()}`, expiresAt: new Date(Date.now() + 86_400_000) });
  await deps.db.insert(notifications).values({ userId: maria.id, type: "test", title: "Для Марии", body: "Только для семьи Смирновых" });

  return { trialId: trial!.id, mentor, staff, mama, papa, petya, petyaRecords, maria, anya, anyaRecords };
}

export type TwoFamilies = Awaited<ReturnType<typeof twoFamilies>>;
