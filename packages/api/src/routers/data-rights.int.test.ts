import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataRights, DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from "@bilet/core";
import { dataDeletions, familyLinks, users } from "@bilet/db";
import { admittedFamily, createApiHarness, demoClient, failure, signedUpParent, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
  await seedDemoAccounts(h.db);
});
afterAll(async () => {
  await h?.close();
});

const PASSWORD = "parol2026";

/** An admitted family with a second parent linked to the same child. */
async function familyWithTwoParents() {
  const family = await admittedFamily(h);
  const second = await signedUpParent(h);
  const secondId = (await second.auth.me())!.id;
  await h.db.insert(familyLinks).values({ parentId: secondId, studentId: family.studentId });
  return { ...family, second, secondId };
}

describe("dataRights over the API", () => {
  it("gives a parent the child's file, dated, with the child's data and none of another family's", async () => {
    const mine = await familyWithTwoParents();
    const other = await admittedFamily(h);
    const { data, filename } = await mine.parent.dataRights.exportData({ subjectId: mine.studentId });
    expect(filename).toMatch(/^bilet-dannye-rebenka-\d{4}-\d{2}-\d{2}\.json$/);
    expect(data.person).toMatchObject({ id: mine.studentId, email: mine.student.email, student: expect.objectContaining({ school: "Школа № 57" }) });
    expect(data.family).toHaveLength(2);
    const text = JSON.stringify(data);
    expect(text).not.toContain(other.student.email);
    expect(text).not.toContain(other.parent.email);
    expect(text).not.toContain(mine.second.email);
    expect(text).not.toContain(mine.parent.email);

    // Every adult has «Скачать мои данные»; so does the student.
    expect((await mine.parent.dataRights.exportData({})).filename).toMatch(/^bilet-moi-dannye-/);
    expect((await mine.student.dataRights.exportData({})).data.person.id).toBe(mine.studentId);
    const mentor = await demoClient(h, DEMO_ACCOUNTS.find((a) => a.role === "mentor")!.email, DEMO_PASSWORD);
    expect((await mentor.dataRights.exportData({})).data.work).not.toBeNull();
  });

  it("refuses strangers: another family's parent cannot download, ask for or cancel a deletion", async () => {
    const mine = await admittedFamily(h);
    const stranger = await admittedFamily(h);
    expect((await failure(stranger.parent.dataRights.exportData({ subjectId: mine.studentId }))).code).toBe("FORBIDDEN");
    expect((await failure(stranger.parent.dataRights.overview({ subjectId: mine.studentId }))).code).toBe("FORBIDDEN");
    expect((await failure(stranger.parent.dataRights.requestDeletion({ subjectId: mine.studentId, password: PASSWORD }))).code).toBe("FORBIDDEN");
    await mine.parent.dataRights.requestDeletion({ subjectId: mine.studentId, password: PASSWORD });
    expect((await failure(stranger.parent.dataRights.cancelDeletion({ subjectId: mine.studentId }))).code).toBe("FORBIDDEN");
    // Still pending for its own parent to cancel (and out of the way of the erasure test below).
    expect((await mine.parent.dataRights.cancelDeletion({ subjectId: mine.studentId })).status).toBe("cancelled");
    expect((await failure(h.client().dataRights.exportData({}))).code).toBe("UNAUTHORIZED");
    expect((await failure(mine.parent.dataRights.pendingDeletions())).code).toBe("FORBIDDEN");
    // Bad input is a Russian message on the field, not a 500.
    const bad = await failure(mine.parent.dataRights.exportData({ subjectId: "не-uuid" }));
    expect(bad.code).toBe("BAD_REQUEST");
  });

  it("asks, tells the other parent, shows staff the pending request, and lets the other parent cancel", async () => {
    const f = await familyWithTwoParents();
    const overview = await f.parent.dataRights.overview({ subjectId: f.studentId });
    expect(overview).toMatchObject({ pending: null, requestRefusal: null, confirmWith: "password", graceDays: 30, subject: { self: false, adult: false } });
    const wrong = await failure(f.parent.dataRights.requestDeletion({ subjectId: f.studentId, password: "nepravilno1" }));
    expect(wrong.message).toBe("Неверный пароль");

    const pending = await f.parent.dataRights.requestDeletion({ subjectId: f.studentId, password: PASSWORD });
    const told = await f.second.notifications.list({ limit: 5, unreadOnly: false });
    expect(told.items[0]).toMatchObject({ type: "data.deletion_requested", title: "Запрошено удаление данных ребёнка" });

    const staff = await demoClient(h, DEMO_ACCOUNTS.find((a) => a.role === "staff")!.email, DEMO_PASSWORD);
    const list = await staff.dataRights.pendingDeletions();
    expect(list.pending).toEqual(expect.arrayContaining([expect.objectContaining({ id: pending.id, subjectRole: "student", requestedBySubject: false })]));
    // The child sees the request and who may cancel it.
    expect((await f.student.dataRights.overview({})).cancelRefusal).toBe("Отменить удаление может родитель: попроси об этом родителя");

    const cancelled = await f.second.dataRights.cancelDeletion({ subjectId: f.studentId });
    expect(cancelled.status).toBe("cancelled");
    expect((await f.parent.notifications.list({ limit: 5, unreadOnly: false })).items[0]).toMatchObject({ type: "data.deletion_cancelled" });
    expect((await staff.dataRights.pendingDeletions()).pending.map((p) => p.id)).not.toContain(pending.id);
  });

  it("erases after the grace period only; the erased child can no longer sign in", async () => {
    const f = await admittedFamily(h);
    await f.parent.dataRights.requestDeletion({ subjectId: f.studentId, password: PASSWORD });
    const [row] = await h.db.select().from(dataDeletions).where(eq(dataDeletions.subjectId, f.studentId));
    expect(await dataRights.eraseDueDeletions(h.db, { now: new Date(row!.effectiveAt.getTime() - 1000) })).toBe(0);
    expect(await h.client().auth.login({ email: f.student.email, password: PASSWORD })).toMatchObject({ role: "student" });

    await dataRights.eraseDueDeletions(h.db, { now: row!.effectiveAt });
    const [erased] = await h.db.select().from(users).where(eq(users.id, f.studentId));
    expect(erased).toMatchObject({ email: null, firstName: "Удалённый" });
    expect((await failure(h.client().auth.login({ email: f.student.email, password: PASSWORD }))).code).toBe("UNAUTHORIZED");
    // The child's open session is gone too.
    expect((await failure(f.student.dataRights.overview({}))).code).toBe("UNAUTHORIZED");
    // And the parent's page no longer lists the child.
    expect((await failure(f.parent.dataRights.overview({ subjectId: f.studentId }))).code).toBe("FORBIDDEN");
  });
});
