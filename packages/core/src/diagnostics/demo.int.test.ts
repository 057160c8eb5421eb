import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnosticAttempts, users } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { DEMO_ACCOUNTS, seedDemoAccounts } from "../demo.ts";
import { profileOf, resultsOf, testReport } from "./attempts.ts";
import { seedDemoDiagnostics } from "./demo.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoAccounts(db.db);
  await seedDemoDiagnostics(db.db);
});
afterAll(async () => {
  await db?.close();
});

const idOf = async (role: string) => {
  const [u] = await db.db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ACCOUNTS.find((a) => a.role === role)!.email));
  return u!.id;
};

describe("demo diagnostics", () => {
  it("gives the demo student finished tests, readiness twice, and an interest profile", async () => {
    const studentId = await idOf("student");
    const results = await resultsOf(db.db, { id: studentId, role: "student" }, studentId);
    expect(results.length).toBe(6);
    expect(results.filter((r) => r.testId === "my-readiness")).toHaveLength(2);
    const { profile, fits } = await profileOf(db.db, { id: studentId, role: "student" }, studentId);
    expect(profile.leading[0]).toBe("R");
    expect(fits.length).toBe(5);
  });

  it("gives staff a readiness report with enough attempts to trust α", async () => {
    const report = await testReport(db.db, { id: await idOf("staff"), role: "staff" }, "my-readiness");
    expect(report.finished).toBeGreaterThanOrEqual(30);
    expect(report.tooFew).toBe(false);
    for (const scale of report.scales) expect(scale.alpha).toBeGreaterThan(0.5);
  });

  it("adds nothing when run again", async () => {
    const before = (await db.db.select({ n: count() }).from(diagnosticAttempts))[0]!.n;
    await seedDemoDiagnostics(db.db);
    expect((await db.db.select({ n: count() }).from(diagnosticAttempts))[0]!.n).toBe(before);
  });
});
