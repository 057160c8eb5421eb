import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { DEMO_ACCOUNTS, seedDemoAccounts, seedDemoSeason } from "../demo.ts";
import { seedDemoDiagnostics } from "../diagnostics/demo.ts";
import { seedDemoPlan } from "./demo.ts";
import { studentPlan } from "./service.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoAccounts(db.db);
  await seedDemoSeason(db.db);
  await seedDemoDiagnostics(db.db);
  await seedDemoPlan(db.db);
});
afterAll(async () => {
  await db?.close();
});

const idOf = async (role: string) => (await db.db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ACCOUNTS.find((a) => a.role === role)!.email)))[0]!.id;

describe("the demo family's study plan", () => {
  it("is there right after the demo data, for the demo parent, and explains itself", async () => {
    const studentId = await idOf("student");
    const view = await studentPlan(db.db, { id: await idOf("parent"), role: "parent" }, studentId);
    if (view.state !== "ready") throw new Error(view.reason);
    expect(view.version).toBe(1);
    const first = view.plan.sections[0]!.items[0]!;
    expect(first.why.text.length).toBeGreaterThan(20);
    expect(JSON.stringify(view.plan)).toContain("Мобильная робототехника");
  });

  it("adds nothing when run again", async () => {
    await seedDemoPlan(db.db);
    const view = await studentPlan(db.db, { id: await idOf("student"), role: "student" }, await idOf("student"));
    expect(view.state === "ready" && view.versions).toHaveLength(1);
  });
});
