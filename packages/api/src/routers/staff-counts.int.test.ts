import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERIODIC_JOBS, refreshPlatformCounts } from "@bilet/core";
import { platformCounts } from "@bilet/db";
import { createApiHarness, failure, signedUpParent, signedUpStudent, staffAndMentor, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
let staff: Awaited<ReturnType<typeof staffAndMentor>>["staff"];

beforeAll(async () => {
  h = await createApiHarness();
  ({ staff } = await staffAndMentor(h));
});
afterAll(async () => {
  await h?.close();
});

const students = (counts: { users: { role: string; registered: number; activated: number }[] }) => counts.users.find((r) => r.role === "student")!;
/** The stored counts as if counted two minutes ago. */
const age = () => h.db.update(platformCounts).set({ refreshedAt: sql`now() - interval '2 minutes'` }).where(eq(platformCounts.name, "staff"));

describe("the staff cabinet's counts", () => {
  it("come from the stored counts, which the job refreshes, not from a count of every user on each view", async () => {
    const first = await staff.cabinet.staff();
    expect(first.plans).toEqual({ total: 0, byGrade: [], byRegion: [] });
    const before = students(first);

    await signedUpStudent(h);
    const again = await staff.cabinet.staff();
    expect(students(again)).toEqual(before);
    expect(again.countedAt).toBe(first.countedAt);
    // Counted less than a minute ago: the job leaves it.
    expect(await refreshPlatformCounts(h.db)).toBe(false);

    await age();
    expect(await refreshPlatformCounts(h.db)).toBe(true);
    const after = await staff.cabinet.staff();
    expect(students(after)).toEqual({ role: "student", registered: before.registered + 1, activated: before.activated + 1 });
    expect(Date.parse(after.countedAt)).toBeGreaterThan(Date.parse(first.countedAt));
  });

  it("are counted by one of several workers at a time", async () => {
    await age();
    const results = await Promise.all([refreshPlatformCounts(h.db), refreshPlatformCounts(h.db), refreshPlatformCounts(h.db)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("are refreshed by a periodic job every minute", async () => {
    const job = PERIODIC_JOBS.find((j) => j.name === "platform-counts")!;
    expect(job.intervalMs).toBe(60_000);
    await signedUpParent(h);
    await age();
    const before = (await staff.cabinet.staff()).users.find((r) => r.role === "parent")!.registered;
    await job.run(h.deps, { signal: new AbortController().signal });
    expect((await staff.cabinet.staff()).users.find((r) => r.role === "parent")!.registered).toBe(before + 1);
  });

  it("are for staff only", async () => {
    expect((await failure((await signedUpStudent(h)).cabinet.staff())).code).toBe("FORBIDDEN");
    expect((await failure(h.client().cabinet.staff())).code).toBe("UNAUTHORIZED");
  });
});
