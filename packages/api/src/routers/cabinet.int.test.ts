import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from "@bilet/core";
import { createApiHarness, failure, signedUpParent, signedUpStudent, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
  await seedDemoAccounts(h.db);
});
afterAll(async () => {
  await h?.close();
});

async function signedInDemo(role: "mentor" | "staff") {
  const c = h.client();
  await c.auth.login({ email: DEMO_ACCOUNTS.find((a) => a.role === role)!.email, password: DEMO_PASSWORD });
  return c;
}

const codeOf = async (promise: Promise<unknown>) => (await failure(promise)).code;

describe("cabinets are open to their own role only", () => {
  it("shows each role its own cabinet data", async () => {
    const student = await signedUpStudent(h);
    const parent = await signedUpParent(h);
    expect(await student.cabinet.student()).toEqual({
      profile: { birthDate: "2011-05-20", grade: 8, regionCode: "77", regionName: "Москва", school: "Школа № 57", graduatedAt: null },
    });
    expect(await parent.cabinet.parent()).toEqual({ profile: { regionCode: "50", regionName: "Московская область" } });
    expect(await (await signedInDemo("mentor")).cabinet.mentor()).toEqual({ name: "Павел Кузнецов" });
    const overview = await (await signedInDemo("staff")).cabinet.staff();
    expect(overview.users.find((r) => r.role === "student")).toMatchObject({ registered: 2, activated: 2 });
  });

  it("refuses every other role and anonymous callers", async () => {
    const callers = {
      anonymous: h.client(),
      student: await signedUpStudent(h),
      parent: await signedUpParent(h),
      mentor: await signedInDemo("mentor"),
      staff: await signedInDemo("staff"),
    };
    const cabinets = ["student", "parent", "mentor", "staff"] as const;
    for (const [who, caller] of Object.entries(callers)) {
      for (const cabinet of cabinets) {
        const call = caller.cabinet[cabinet]();
        if (who === cabinet) await expect(call).resolves.toBeTruthy();
        else expect(await codeOf(call)).toBe(who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
      }
    }
  });
});

describe("demo data and reference data", () => {
  it("seeds one activated account per role, and seeding again changes nothing", async () => {
    await seedDemoAccounts(h.db);
    for (const account of DEMO_ACCOUNTS) {
      const c = h.client();
      expect(await c.auth.login({ email: account.email, password: DEMO_PASSWORD })).toMatchObject({ role: account.role });
    }
  });

  it("lists the 89 субъекты РФ", async () => {
    const regions = await h.client().reference.regions();
    expect(regions).toHaveLength(89);
    expect(regions).toContainEqual({ code: "16", name: "Республика Татарстан" });
  });

});
