import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, schoolYearTransitions, studentProfiles } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { createAccount } from "./account-records.ts";
import { runSchoolYearMoveUp } from "./school-year.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const msk = (local: string) => new Date(`${local}+03:00`);

/** A student in `grade` whose profile was made at `joined`. */
async function student(grade: number, joined: Date): Promise<string> {
  const created = await createAccount(db.db, {
    role: "student",
    email: `student.${randomBytes(4).toString("hex")}@example.ru`,
    passwordHash: null,
    lastName: "Лебедева",
    firstName: "Мария",
    activatedAt: new Date(),
    student: { birthDate: "2011-03-15", grade, regionCode: "16", school: "Гимназия № 2" },
  });
  await db.db.update(studentProfiles).set({ createdAt: joined }).where(eq(studentProfiles.userId, created!.id));
  return created!.id;
}

async function profiles(ids: string[]) {
  const rows = await db.db.select({ id: studentProfiles.userId, grade: studentProfiles.grade, graduatedAt: studentProfiles.graduatedAt }).from(studentProfiles).where(inArray(studentProfiles.userId, ids));
  return Object.fromEntries(rows.map((r) => [r.id, { grade: r.grade, graduated: r.graduatedAt !== null }]));
}

// The tests run in order on one database: each school year can run once only.
describe("the yearly move-up", () => {
  let sixth: string, tenth: string, eleventh: string, joinedThisYear: string, graduate: string;

  it("does nothing before the school year begins", async () => {
    sixth = await student(6, msk("2026-05-10T12:00"));
    tenth = await student(10, msk("2026-05-10T12:00"));
    eleventh = await student(11, msk("2026-05-10T12:00"));
    // 2025's move-up ran last year; 31 August 2026 is still in school year 2025.
    await db.db.insert(schoolYearTransitions).values({ year: 2025, movedUp: 0, graduated: 0 });
    expect(await runSchoolYearMoveUp(db.db, { now: msk("2026-08-31T23:59") })).toBeNull();
    expect(await profiles([sixth, tenth, eleventh])).toEqual({
      [sixth]: { grade: 6, graduated: false },
      [tenth]: { grade: 10, graduated: false },
      [eleventh]: { grade: 11, graduated: false },
    });
  });

  it("moves 6 to 7 and 10 to 11, makes an 11th-grader a graduate, and leaves alone who joined in the new year", async () => {
    joinedThisYear = await student(8, msk("2026-09-01T08:00"));
    // Small batches, so that several statements are needed.
    const result = await runSchoolYearMoveUp(db.db, { now: msk("2026-09-01T00:30"), batchSize: 2 });
    expect(result).toEqual({ year: 2026, movedUp: 2, graduated: 1 });
    expect(await profiles([sixth, tenth, eleventh, joinedThisYear])).toEqual({
      [sixth]: { grade: 7, graduated: false },
      [tenth]: { grade: 11, graduated: false },
      [eleventh]: { grade: 11, graduated: true },
      [joinedThisYear]: { grade: 8, graduated: false },
    });
    const [row] = await db.db.select().from(schoolYearTransitions).where(eq(schoolYearTransitions.year, 2026));
    expect(row).toMatchObject({ year: 2026, movedUp: 2, graduated: 1 });
    const entries = await db.db.select().from(auditLog).where(eq(auditLog.action, "school_year.moved_up"));
    expect(entries.map((e) => e.data)).toEqual([{ year: 2026, movedUp: 2, graduated: 1 }]);
    graduate = eleventh;
  });

  it("runs once per school year, when called again later in the year", async () => {
    expect(await runSchoolYearMoveUp(db.db, { now: msk("2026-09-01T01:30") })).toBeNull();
    expect(await runSchoolYearMoveUp(db.db, { now: msk("2027-08-31T12:00") })).toBeNull();
    expect((await profiles([sixth]))[sixth]).toEqual({ grade: 7, graduated: false });
  });

  it("runs once when several workers call it at the same moment, and a graduate stays a graduate", async () => {
    const results = await Promise.all([1, 2, 3].map(() => runSchoolYearMoveUp(db.db, { now: msk("2027-09-01T00:00") })));
    expect(results.filter((r) => r !== null)).toEqual([{ year: 2027, movedUp: 2, graduated: 1 }]);
    expect(await profiles([sixth, tenth, graduate, joinedThisYear])).toEqual({
      [sixth]: { grade: 8, graduated: false },
      [tenth]: { grade: 11, graduated: true },
      [graduate]: { grade: 11, graduated: true },
      [joinedThisYear]: { grade: 9, graduated: false },
    });
    expect(await db.db.select({ year: schoolYearTransitions.year }).from(schoolYearTransitions).orderBy(schoolYearTransitions.year)).toEqual([{ year: 2025 }, { year: 2026 }, { year: 2027 }]);
  });
});
