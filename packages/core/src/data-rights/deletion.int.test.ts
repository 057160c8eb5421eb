import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  consents,
  dataDeletions,
  diagnosticAnswers,
  diagnosticAttempts,
  enrollments,
  familyLinks,
  invitations,
  mentorFeedback,
  notifications,
  requests,
  sessions,
  studentProfiles,
  studyPlans,
  trialRatings,
  trials,
  userIdentities,
  users,
} from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { SESSIONS_ENDED_CHANNEL } from "@bilet/validators";
import { login } from "../accounts.ts";
import { admissionOf } from "../admission.ts";
import type { Actor, CoreDeps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { cancelDeletion, dataRightsOverview, eraseDueDeletions, listPendingDeletions, requestDeletion } from "./deletion.ts";
import { collectPersonalData } from "./export.ts";
import { PASSWORD, person, testDeps, twoFamilies, type TwoFamilies } from "./test-families.ts";

let handle: TestDatabase;
let deps: CoreDeps;
let f: TwoFamilies;
const meta = { ip: "10.0.0.1", userAgent: "test" };
const DAY = 86_400_000;
const T0 = new Date("2026-03-01T09:00:00Z");
const at = (days: number, ms = 0) => new Date(T0.getTime() + days * DAY + ms);

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = testDeps(handle.db);
  f = await twoFamilies(deps);
});
afterAll(async () => {
  await handle?.close();
});

const as = (p: { id: string; role: Actor["role"] }): Actor => ({ id: p.id, role: p.role });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const noticesOf = async (userId: string, type: string) => handle.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.type, type)));
const userRow = async (id: string) => (await handle.db.select().from(users).where(eq(users.id, id)))[0]!;
const countOf = async (table: typeof consents | typeof sessions, column: typeof consents.studentId | typeof sessions.userId, id: string) =>
  (await handle.db.select({ n: count() }).from(table).where(eq(column, id)))[0]!.n;

describe("a parent deletes a child's data", () => {
  it("is confirmed with the parent's password; a wrong one stores nothing", async () => {
    const wrong = await refusal(requestDeletion(deps, as(f.mama), { subjectId: f.petya.id, password: "neverno123" }, meta, T0));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(wrong.details.fieldErrors).toEqual({ password: "Неверный пароль" });
    const missing = await refusal(requestDeletion(deps, as(f.mama), { subjectId: f.petya.id }, meta, T0));
    expect(missing.details.fieldErrors).toEqual({ password: "Введите свой пароль, чтобы подтвердить запрос" });
    expect((await handle.db.select().from(dataDeletions).where(eq(dataDeletions.subjectId, f.petya.id))).length).toBe(0);
  });

  it("takes effect after the grace period, and the other parent and the child are told at once", async () => {
    const before = await collectPersonalData(handle.db, f.petya.id);
    const dto = await requestDeletion(deps, as(f.mama), { subjectId: f.petya.id, password: PASSWORD }, meta, T0);
    expect(dto).toMatchObject({ status: "pending", requestedByName: "Ольга Иванова", requestedBySubject: false, effectiveAt: at(30).toISOString() });

    const [papaNotice] = await noticesOf(f.papa.id, "data.deletion_requested");
    expect(papaNotice).toMatchObject({ title: "Запрошено удаление данных ребёнка", link: `/parent/children/${f.petya.id}/data` });
    expect(papaNotice!.body).toContain("Ребёнок: Пётр Иванов. Запрос отправлен родителем: Ольга Иванова.");
    expect(papaNotice!.body).toContain("31 марта 2026 г., 12:00 (мск)");
    const [childNotice] = await noticesOf(f.petya.id, "data.deletion_requested");
    expect(childNotice!.title).toBe("Запрошено удаление твоих данных");
    expect(await noticesOf(f.mama.id, "data.deletion_requested")).toEqual([]);
    expect(await noticesOf(f.maria.id, "data.deletion_requested")).toEqual([]);

    const again = await refusal(requestDeletion(deps, as(f.papa), { subjectId: f.petya.id, password: PASSWORD }, meta, at(1)));
    expect(again.code).toBe("CONFLICT");

    // A day before: the job finds nothing due, and nothing has changed.
    expect(await eraseDueDeletions(handle.db, { now: at(29, DAY - 1) })).toBe(0);
    const during = await collectPersonalData(handle.db, f.petya.id);
    expect({ ...during, generatedAt: null, notifications: null, deletions: null, activity: null }).toEqual({ ...before, generatedAt: null, notifications: null, deletions: null, activity: null });
    expect((await userRow(f.petya.id)).erasedAt).toBeNull();
  });

  it("nobody can cancel after the term, even before the job has run", async () => {
    const late = await refusal(cancelDeletion(deps, as(f.papa), { subjectId: f.petya.id }, meta, at(30)));
    expect(late.code).toBe("CONFLICT");
  });

  it("then erases the name, contacts, birth date, school, sessions and ways in; keeps consents, audit and results as figures", async () => {
    const ended: string[] = [];
    const unlisten = await handle.listen(SESSIONS_ENDED_CHANNEL, (payload) => ended.push(payload));
    const consentsBefore = await countOf(consents, consents.studentId, f.petya.id);
    const auditBefore = (await handle.db.select({ n: count() }).from(auditLog).where(eq(auditLog.actorUserId, f.petya.id)))[0]!.n;

    expect(await eraseDueDeletions(handle.db, { now: at(30) })).toBe(1);
    expect(await eraseDueDeletions(handle.db, { now: at(31) })).toBe(0);

    const row = await userRow(f.petya.id);
    expect(row).toMatchObject({ email: null, login: null, passwordHash: null, firstName: "Удалённый", lastName: "пользователь", middleName: null, erasedAt: at(30) });
    expect(await handle.db.select().from(studentProfiles).where(eq(studentProfiles.userId, f.petya.id))).toEqual([]);
    expect(await countOf(sessions, sessions.userId, f.petya.id)).toBe(0);
    expect(await handle.db.select().from(userIdentities).where(eq(userIdentities.userId, f.petya.id))).toEqual([]);
    expect(await handle.db.select().from(familyLinks).where(eq(familyLinks.studentId, f.petya.id))).toEqual([]);
    expect(await handle.db.select().from(invitations).where(eq(invitations.inviterId, f.petya.id))).toEqual([]);
    expect(await handle.db.select().from(invitations).where(eq(invitations.inviteeEmail, f.petya.email))).toEqual([]);
    expect(await handle.db.select().from(studyPlans).where(eq(studyPlans.studentId, f.petya.id))).toEqual([]);
    expect(await noticesOf(f.petya.id, "consent.given")).toEqual([]);
    const [request] = await handle.db.select().from(requests).where(eq(requests.id, f.petyaRecords.requestId));
    expect(request).toMatchObject({ fullName: "Удалённый пользователь", email: "udalen@invalid", status: "closed" });

    // Kept: the consent records, the audit, and the results as figures on the row that names nobody.
    expect(await countOf(consents, consents.studentId, f.petya.id)).toBe(consentsBefore);
    expect((await handle.db.select({ n: count() }).from(auditLog).where(eq(auditLog.actorUserId, f.petya.id)))[0]!.n).toBe(auditBefore);
    expect(await handle.db.select().from(auditLog).where(and(eq(auditLog.action, "data.erased"), eq(auditLog.subjectId, f.petya.id)))).toHaveLength(1);
    const [attempt] = await handle.db.select().from(diagnosticAttempts).where(eq(diagnosticAttempts.id, f.petyaRecords.attemptId));
    expect(attempt!.result).toMatchObject({ scales: [{ percent: 62.5 }] });
    expect(await handle.db.select().from(diagnosticAnswers).where(eq(diagnosticAnswers.attemptId, f.petyaRecords.attemptId))).toHaveLength(1);
    const [feedback] = await handle.db.select().from(mentorFeedback).where(eq(mentorFeedback.enrollmentId, f.petyaRecords.enrollmentId));
    expect(feedback).toMatchObject({ performance: 5, interest: 4, comment: "" });
    const [rating] = await handle.db.select().from(trialRatings).where(eq(trialRatings.enrollmentId, f.petyaRecords.enrollmentId));
    expect(rating).toMatchObject({ rating: 5, comment: "" });
    expect((await handle.db.select().from(dataDeletions).where(eq(dataDeletions.subjectId, f.petya.id)))[0]).toMatchObject({ status: "completed", completedAt: at(30) });

    // The parents are told without the name; their earlier notices about the child lose it too.
    for (const parent of [f.mama, f.papa]) {
      const [done] = await noticesOf(parent.id, "data.erased");
      expect(done).toMatchObject({ title: "Данные ребёнка удалены" });
      expect(done!.body).not.toContain("Пётр");
    }
    const [papaEarlier] = await noticesOf(f.papa.id, "data.deletion_requested");
    expect(papaEarlier!.body).not.toContain("Пётр");
    // The other family is untouched.
    expect((await userRow(f.anya.id)).lastName).toBe("Смирнова");
    expect(await handle.db.select().from(mentorFeedback).where(eq(mentorFeedback.enrollmentId, f.anyaRecords.enrollmentId))).toEqual([expect.objectContaining({ comment: "Аня помогала другим" })]);

    // The live sockets of every session are told to close.
    await expect.poll(() => ended.map((p) => JSON.parse(p) as { userId: string }).some((s) => s.userId === f.petya.id)).toBe(true);
    await unlisten();
  });

  it("leaves an erased account no way to sign in", async () => {
    const error = await refusal(login(deps, { identifier: f.petya.email, password: PASSWORD }, meta));
    expect(error.code).toBe("INVALID_CREDENTIALS");
  });
});

describe("cancelling in the grace period", () => {
  it("keeps everything, tells the family, and is refused to the child and to strangers", async () => {
    const before = await collectPersonalData(handle.db, f.anya.id);
    await requestDeletion(deps, as(f.maria), { subjectId: f.anya.id, password: PASSWORD }, meta, T0);

    expect((await refusal(cancelDeletion(deps, as(f.anya), { subjectId: f.anya.id }, meta, at(10)))).code).toBe("FORBIDDEN");
    expect((await refusal(cancelDeletion(deps, as(f.mama), { subjectId: f.anya.id }, meta, at(10)))).code).toBe("FORBIDDEN");
    expect((await refusal(requestDeletion(deps, as(f.mama), { subjectId: f.anya.id, password: PASSWORD }, meta, at(10)))).code).toBe("FORBIDDEN");

    const cancelled = await cancelDeletion(deps, as(f.maria), { subjectId: f.anya.id }, meta, at(10));
    expect(cancelled).toMatchObject({ status: "cancelled", cancelledAt: at(10).toISOString() });
    const [told] = await noticesOf(f.anya.id, "data.deletion_cancelled");
    expect(told!.body).toBe("Запрос на удаление твоих данных отменён, данные сохранены. Запрос отменён родителем: Мария Смирнова.");

    expect(await eraseDueDeletions(handle.db, { now: at(40) })).toBe(0);
    const after = await collectPersonalData(handle.db, f.anya.id);
    expect({ ...after, generatedAt: null, notifications: null, deletions: null, activity: null }).toEqual({ ...before, generatedAt: null, notifications: null, deletions: null, activity: null });
    expect((await refusal(cancelDeletion(deps, as(f.maria), { subjectId: f.anya.id }, meta, at(11)))).code).toBe("NOT_FOUND");
  });
});

describe("who may ask", () => {
  it("refuses a child under 18 their own request, and a parent a request for an adult child", async () => {
    const teen = await person(deps, "student", { lastName: "Петров", firstName: "Гоша" }, { birthDate: "2012-01-10" });
    expect((await refusal(requestDeletion(deps, as(teen), { password: PASSWORD }, meta, T0))).message).toBe(
      "Удалить данные участника младше 18 лет может родитель: попроси об этом родителя",
    );
    const grown = await person(deps, "student", { lastName: "Петрова", firstName: "Вера" }, { birthDate: "2008-02-28" });
    const dad = await person(deps, "parent", { lastName: "Петров", firstName: "Олег" });
    await handle.db.insert(familyLinks).values({ parentId: dad.id, studentId: grown.id });
    expect((await refusal(requestDeletion(deps, as(dad), { subjectId: grown.id, password: PASSWORD }, meta, T0))).code).toBe("FORBIDDEN");
    // 18 on 28 February 2026: T0 is 1 March.
    const own = await requestDeletion(deps, as(grown), { password: PASSWORD }, meta, T0);
    expect(own.requestedBySubject).toBe(true);
    expect((await refusal(cancelDeletion(deps, as(dad), { subjectId: grown.id }, meta, at(1)))).code).toBe("FORBIDDEN");
    expect((await dataRightsOverview(deps, as(dad), grown.id, at(1))).cancelRefusal).toBe("Отменить этот запрос может только сам участник");
    await cancelDeletion(deps, as(grown), { subjectId: grown.id }, meta, at(1));
  });

  it("asks an account without a password to type the phrase", async () => {
    const esiaOnly = await person(deps, "parent", { lastName: "Орлова", firstName: "Нина" }, { password: false });
    expect((await dataRightsOverview(deps, as(esiaOnly), esiaOnly.id, T0)).confirmWith).toBe("phrase");
    const wrong = await refusal(requestDeletion(deps, as(esiaOnly), { phrase: "да" }, meta, T0));
    expect(wrong.details.fieldErrors).toEqual({ phrase: "Введите слово «удалить», чтобы подтвердить запрос" });
    expect(await requestDeletion(deps, as(esiaOnly), { phrase: " Удалить " }, meta, T0)).toMatchObject({ status: "pending" });
  });
});

describe("a parent deletes their own data", () => {
  it("tells the child and the other parent; once erased, a child whose only consent it was loses admission", async () => {
    const mum = await person(deps, "parent", { lastName: "Кузнецова", firstName: "Анна" });
    const dad = await person(deps, "parent", { lastName: "Кузнецов", firstName: "Павел" });
    const kid = await person(deps, "student", { lastName: "Кузнецов", firstName: "Миша" });
    await handle.db.insert(familyLinks).values([
      { parentId: mum.id, studentId: kid.id },
      { parentId: dad.id, studentId: kid.id },
    ]);
    const { giveConsent } = await import("../consent.ts");
    const { CURRENT_CONSENT_VERSION } = await import("@bilet/content");
    await giveConsent(deps, as(mum), { studentId: kid.id, version: CURRENT_CONSENT_VERSION }, { ...meta, authMethod: "password" });
    expect((await admissionOf(handle.db, kid.id)).admitted).toBe(true);

    await requestDeletion(deps, as(mum), { password: PASSWORD }, meta, T0);
    expect((await noticesOf(dad.id, "data.deletion_requested"))[0]!.title).toBe("Второй родитель удаляет свою учётную запись");
    expect((await noticesOf(kid.id, "data.deletion_requested"))[0]!.title).toBe("Родитель удаляет свою учётную запись");
    expect((await noticesOf(mum.id, "data.deletion_requested"))[0]!.title).toBe("Запрошено удаление ваших данных");

    await eraseDueDeletions(handle.db, { now: at(31) });
    expect((await userRow(mum.id)).erasedAt).not.toBeNull();
    // The consent record stays, but it no longer admits anyone.
    expect(await handle.db.select().from(consents).where(eq(consents.parentId, mum.id))).toHaveLength(1);
    expect((await admissionOf(handle.db, kid.id)).admitted).toBe(false);
    expect((await noticesOf(kid.id, "data.erased"))[0]!.body).toContain("допуска к практическим мероприятиям нет");
    expect((await noticesOf(dad.id, "data.erased"))[0]!.title).toBe("Данные второго родителя удалены");
  });
});

describe("an erased student's seats", () => {
  it("go back to upcoming trials and to the waiting list", async () => {
    const parent = await person(deps, "parent", { lastName: "Волкова", firstName: "Ирина" });
    const kid = await person(deps, "student", { lastName: "Волков", firstName: "Илья" });
    const next = await person(deps, "student", { lastName: "Зайцев", firstName: "Лев" });
    await handle.db.insert(familyLinks).values({ parentId: parent.id, studentId: kid.id });
    const [template] = await handle.db.select().from(trials).where(eq(trials.id, f.trialId));
    const { id: _id, ...rest } = template!;
    const [upcoming] = await handle.db
      .insert(trials)
      .values({ ...rest, title: "Будущая проба", startsAt: at(60), enrollDeadline: at(59), capacity: 1, seatsTaken: 1 })
      .returning();
    await handle.db.insert(enrollments).values([
      { trialId: upcoming!.id, studentId: kid.id, status: "confirmed" },
      { trialId: upcoming!.id, studentId: next.id, status: "waitlisted", waitlistedAt: new Date() },
    ]);
    await requestDeletion(deps, as(parent), { subjectId: kid.id, password: PASSWORD }, meta, T0);
    await eraseDueDeletions(handle.db, { now: at(30) });
    const rows = await handle.db.select().from(enrollments).where(inArray(enrollments.studentId, [kid.id, next.id]));
    expect(rows.find((e) => e.studentId === kid.id)!.status).toBe("cancelled");
    expect(rows.find((e) => e.studentId === next.id)!.status).toBe("awaiting_approval");
  });
});

describe("staff", () => {
  it("see pending deletions with their dates; nobody else may list them", async () => {
    const mentorRequest = await requestDeletion(deps, as(f.mentor), { password: PASSWORD }, meta, T0);
    const list = await listPendingDeletions(handle.db, as(f.staff));
    expect(list.pending).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: mentorRequest.id, subjectName: "Соколов Денис", subjectRole: "mentor", requestedBySubject: true, effectiveAt: at(30).toISOString() }),
      ]),
    );
    expect(list.completed).toBeGreaterThanOrEqual(1);
    for (const who of [f.mama, f.mentor, f.anya]) expect((await refusal(listPendingDeletions(handle.db, as(who)))).code).toBe("FORBIDDEN");
  });
});
