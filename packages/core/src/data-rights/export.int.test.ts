import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { AppError } from "../errors.ts";
import { EXPORT_FORMAT, exportFileName, exportPersonalData } from "./export.ts";
import { testDeps, twoFamilies, type TwoFamilies } from "./test-families.ts";
import type { CoreDeps } from "../deps.ts";

let handle: TestDatabase;
let deps: CoreDeps;
let f: TwoFamilies;
const meta = { ip: "10.0.0.1", userAgent: "test" };

beforeAll(async () => {
  handle = await createTestDatabase();
  deps = testDeps(handle.db, { operator: { name: "АНО «Билет»", address: "Москва, ул. Тестовая, 1" } });
  f = await twoFamilies(deps);
});
afterAll(async () => {
  await handle?.close();
});

const as = (p: { id: string; role: "student" | "parent" | "mentor" | "staff" }) => ({ id: p.id, role: p.role });

async function forbidden(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("FORBIDDEN");
}

describe("a child's data, downloaded by a parent", () => {
  it("holds the profile, family, consents, results, trials, plan, notifications, requests, invitations and sessions", async () => {
    const data = await exportPersonalData(deps, as(f.mama), f.petya.id, meta, new Date("2026-03-05T09:00:00Z"));
    expect(data.format).toBe(EXPORT_FORMAT);
    expect(data.operator.name).toBe("АНО «Билет»");
    expect(exportFileName(data, true)).toBe("bilet-dannye-rebenka-2026-03-05.json");
    expect(data.person).toMatchObject({ lastName: "Иванов", firstName: "Пётр", email: f.petya.email, role: "student" });
    expect(data.person.student).toMatchObject({ birthDate: "2011-05-20", grade: 8, school: "Лицей № 1535", regionName: "Москва" });
    expect(data.family.map((l) => [l.role, l.name]).sort()).toEqual([
      ["parent", "Игорь Иванов"],
      ["parent", "Ольга Иванова"],
    ]);
    expect(data.consents.map((c) => c.parentName).sort()).toEqual(["Игорь Иванов", "Ольга Иванова"]);
    expect(data.diagnostics).toHaveLength(1);
    expect(data.diagnostics[0]).toMatchObject({ status: "finished", answers: [{ itemId: "q1", answer: 4 }] });
    expect(data.diagnostics[0]!.result).toMatchObject({ scales: [{ percent: 62.5 }] });
    expect(data.trials).toEqual([
      expect.objectContaining({
        trial: expect.objectContaining({ title: "Мобильная робототехника" }),
        status: "confirmed",
        attendance: "present",
        mentorFeedback: expect.objectContaining({ mentorName: "Денис Соколов", performance: 5, interest: 4, comment: "Петя собрал робота первым" }),
        rating: expect.objectContaining({ rating: 5, comment: "Было интересно" }),
      }),
    ]);
    expect(data.studyPlans).toEqual([expect.objectContaining({ version: 1, plan: expect.objectContaining({ summary: "План Пети" }) })]);
    expect(data.notifications.map((n) => n.type)).toEqual(expect.arrayContaining(["consent.given"]));
    expect(data.requests).toEqual([expect.objectContaining({ text: "Когда следующая проба по робототехнике?", messages: [expect.objectContaining({ author: "user" })] })]);
    expect(data.invitations.sent).toEqual([expect.objectContaining({ inviteeRole: "parent", state: "accepted", acceptedBy: "Игорь Иванов" })]);
    expect(data.sessions).toEqual([expect.objectContaining({ ip: "10.9.9.9", userAgent: "Child browser", method: "password" })]);
    expect(data.identities).toEqual([expect.objectContaining({ provider: "esia" })]);
    expect(data.work).toBeNull();
    expect(data.notIncluded.length).toBeGreaterThan(0);
  });

  it("names the linked parents but keeps their own data out, and nothing of another family", async () => {
    const text = JSON.stringify(await exportPersonalData(deps, as(f.papa), f.petya.id, meta));
    // The parents' addresses, the IPs and browsers they consented from, the father's ESIA account.
    for (const secret of [f.mama.email, f.papa.email, "10.1.1.1", "Mama browser", "10.2.2.2", "Papa browser", "esia-papa"]) expect(text).not.toContain(secret);
    // The other family: names, addresses, school, results, words, notices. The stranger's invitation is «другой пользователь».
    for (const other of ["Смирнов", f.maria.email, f.anya.email, "Гимназия № 7", "Аня помогала другим", "Хочу ещё", "Можно ли перенести", "План Ани", "10.3.3.3", "Только для семьи"]) {
      expect(text).not.toContain(other);
    }
    expect(text).toContain("другой пользователь");
    // Secrets are never in the file.
    expect(text).not.toMatch(/argon2|tokenHash|passwordHash|"h-/);
  });

  it("writes each download to the audit log", async () => {
    await exportPersonalData(deps, as(f.papa), f.petya.id, { ip: "10.7.7.7", userAgent: "x" });
    const rows = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "data.exported"), eq(auditLog.actorUserId, f.papa.id), eq(auditLog.subjectId, f.petya.id)));
    expect(rows.map((r) => r.ip)).toContain("10.7.7.7");
  });
});

describe("a person's own data", () => {
  it("gives a parent the consents they gave, with where they gave them from, and the child's name only", async () => {
    const data = await exportPersonalData(deps, as(f.mama), f.mama.id, meta);
    expect(data.person).toMatchObject({ lastName: "Иванова", middleName: "Николаевна", student: null, parent: { regionCode: "50" } });
    expect(data.family).toEqual([expect.objectContaining({ role: "student", name: "Пётр Иванов" })]);
    expect(data.consents).toEqual([expect.objectContaining({ childName: "Пётр Иванов", ip: "10.1.1.1", userAgent: "Mama browser" })]);
    const text = JSON.stringify(data);
    for (const other of [f.papa.email, "10.2.2.2", f.petya.email, "Лицей № 1535", "Петя собрал", "10.9.9.9"]) expect(text).not.toContain(other);
  });

  it("lets a student download their own data, whatever the age", async () => {
    const data = await exportPersonalData(deps, as(f.petya), f.petya.id, meta);
    expect(exportFileName(data, false)).toMatch(/^bilet-moi-dannye-\d{4}-\d{2}-\d{2}\.json$/);
    expect(data.person.email).toBe(f.petya.email);
  });

  it("gives a mentor their work as titles and counts, without the students", async () => {
    const data = await exportPersonalData(deps, as(f.mentor), f.mentor.id, meta);
    expect(data.work?.trialsMentored).toEqual([expect.objectContaining({ title: "Мобильная робототехника", feedbackGiven: 2 })]);
    const text = JSON.stringify(data);
    for (const student of ["Иванов", "Смирнова", "Петя собрал"]) expect(text).not.toContain(student);
  });
});

describe("who may download", () => {
  it("refuses another family's parent, the other side of no link, and staff", async () => {
    await forbidden(exportPersonalData(deps, as(f.maria), f.petya.id, meta));
    await forbidden(exportPersonalData(deps, as(f.anya), f.petya.id, meta));
    await forbidden(exportPersonalData(deps, as(f.petya), f.mama.id, meta));
    await forbidden(exportPersonalData(deps, as(f.staff), f.petya.id, meta));
    await forbidden(exportPersonalData(deps, as(f.mentor), f.petya.id, meta));
  });
});
