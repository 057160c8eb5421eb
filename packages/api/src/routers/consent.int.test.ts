import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURRENT_CONSENT_VERSION, diagnosticTestById, type DiagnosticTest } from "@bilet/content";
import { notifications, users } from "@bilet/db";
import { admittedFamily, createApiHarness, newTrial, parentForm, signedUpStudent, staffAndMentor, uniqueEmail, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

async function parentNamed(firstName: string) {
  const email = uniqueEmail("parent");
  const c = h.client();
  await c.auth.registerParent(parentForm(email, { firstName }));
  await c.auth.activate({ token: await h.tokenFromEmail(email, "/activate") });
  return c;
}

const noticesOf = (userId: string, type: string) =>
  h.db.select({ title: notifications.title, body: notifications.body }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.type, type))).orderBy(notifications.createdAt);

describe("consent.give", () => {
  it("admits the child on the first linked parent's consent; a second parent's consent confirms it and is the one named", async () => {
    const first = await parentNamed("Ольга");
    const second = await parentNamed("Мария");
    const child = await signedUpStudent(h);
    for (const parent of [first, second]) {
      await parent.family.invite({ email: child.email });
      await child.family.accept({ token: await h.tokenFromEmail(child.email, "/invite") });
    }
    const [{ id: childId }] = (await h.db.select({ id: users.id }).from(users).where(eq(users.email, child.email))) as [{ id: string }];

    expect(await first.consent.give({ studentId: childId, version: CURRENT_CONSENT_VERSION })).toMatchObject({
      admitted: true,
      linkedParents: 2,
      missing: [],
      consent: { parentName: "Ольга Иванова" },
    });
    expect(await second.consent.give({ studentId: childId, version: CURRENT_CONSENT_VERSION })).toMatchObject({
      admitted: true,
      linkedParents: 2,
      missing: [],
      consent: { parentName: "Мария Иванова" },
    });
    expect(await noticesOf(childId, "consent.given")).toEqual([
      {
        title: "Допуск к практическим мероприятиям получен",
        body: "Согласие на обработку твоих персональных данных получено от родителя: Ольга Иванова. Теперь можно записываться на профессиональные пробы.",
      },
      { title: "Родитель подтвердил согласие", body: "Согласие на обработку твоих персональных данных получено от родителя: Мария Иванова." },
    ]);
    // Nothing to plan from yet: no plan and no notice about one.
    expect(await noticesOf(childId, "recommendations.ready")).toEqual([]);
    expect((await child.recommendations.plan({ studentId: childId })).state).toBe("none");
  });

  it("makes the plan again from what changed while there was no consent", async () => {
    const { staff, mentor, mentorId } = await staffAndMentor(h);
    const f = await admittedFamily(h);
    const riasec = diagnosticTestById("riasec-interests") as DiagnosticTest;
    const { attemptId } = await f.student.diagnostics.start({ testId: riasec.id });
    for (const item of riasec.items) {
      const high = item.kind === "likert" && (item.scale === "realistic" || item.scale === "investigative");
      await f.student.diagnostics.answer({ attemptId, itemId: item.id, answer: high ? 5 : 2 });
    }
    await f.student.diagnostics.finish({ attemptId });
    // Starting within the hour, so that attendance can be marked now.
    const startsAt = new Date(Date.now() + 30 * 60_000);
    const trial = await newTrial(staff, mentorId, { competencyCode: "mobile-robotics", startsAt: startsAt.toISOString(), enrollDeadline: new Date(startsAt.getTime() - 10 * 60_000).toISOString() });
    const enrollment = await f.student.trials.enroll({ trialId: trial.id });
    await f.parent.trials.approve({ enrollmentId: enrollment.id });
    await mentor.trials.markAttendance({ enrollmentId: enrollment.id, mark: "present" });
    await mentor.trials.leaveFeedback({ enrollmentId: enrollment.id, performance: 5, interest: 5, comment: "Работал увлечённо" });
    const v1 = await f.student.recommendations.plan({ studentId: f.studentId });
    expect(v1.state === "ready" && v1.version).toBe(1);

    // Without consent a new input changes nothing; the consent given again brings it in.
    await f.parent.consent.withdraw({ studentId: f.studentId });
    await f.student.trials.rate({ enrollmentId: enrollment.id, rating: 1, comment: "Не моё" });
    expect((await noticesOf(f.studentId, "recommendations.ready")).map((n) => n.title)).toEqual(["Рекомендации готовы"]);
    await f.parent.consent.give({ studentId: f.studentId, version: CURRENT_CONSENT_VERSION });
    const v2 = await f.student.recommendations.plan({ studentId: f.studentId });
    expect(v2.state === "ready" && v2.version).toBe(2);
    expect((await noticesOf(f.studentId, "recommendations.ready")).map((n) => n.title)).toEqual(["Рекомендации готовы", "Рекомендации обновлены"]);
  });
});
