import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnosticTestById, type DiagnosticTest } from "@bilet/content";
import { notifications, studyPlans } from "@bilet/db";
import { admittedFamily, createApiHarness, staffAndMentor, failure, signedUpParent, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
let staff: Awaited<ReturnType<typeof staffAndMentor>>["staff"];
let mentor: Awaited<ReturnType<typeof staffAndMentor>>["mentor"];
let mentorId: string;

beforeAll(async () => {
  h = await createApiHarness();
  ({ staff, mentor, mentorId } = await staffAndMentor(h));
});
afterAll(async () => {
  await h?.close();
});

type Family = Awaited<ReturnType<typeof admittedFamily>>;

/** A trial starting within the hour (so attendance can be marked now), led by the demo mentor. */
async function soonTrial(competencyCode: string, title: string) {
  const startsAt = new Date(Date.now() + 30 * 60_000);
  const trial = await staff.trials.create({
    competencyCode,
    title,
    description: "",
    level: "intro",
    format: "online",
    link: "https://meet.example.ru/t",
    startsAt: startsAt.toISOString(),
    enrollDeadline: new Date(startsAt.getTime() - 10 * 60_000).toISOString(),
    durationMinutes: 60,
    capacity: 10,
    minGrade: 6,
    maxGrade: 11,
  } as never);
  await staff.trials.assignMentor({ trialId: trial.id, mentorId });
  return trial;
}

/** The student takes the trial, the parent approves, the mentor marks presence and leaves feedback. */
async function attend(f: Family, trialId: string, feedback: { performance: number; interest: number }) {
  const enrollment = await f.student.trials.enroll({ trialId });
  await f.parent.trials.approve({ enrollmentId: enrollment.id });
  await mentor.trials.markAttendance({ enrollmentId: enrollment.id, mark: "present" });
  await mentor.trials.leaveFeedback({ enrollmentId: enrollment.id, ...feedback, comment: "Работал увлечённо" });
  return enrollment.id;
}

async function finishRiasec(f: Family) {
  const riasec = diagnosticTestById("riasec-interests") as DiagnosticTest;
  const { attemptId } = await f.student.diagnostics.start({ testId: riasec.id });
  for (const item of riasec.items) {
    const high = item.kind === "likert" && (item.scale === "realistic" || item.scale === "investigative");
    await f.student.diagnostics.answer({ attemptId, itemId: item.id, answer: high ? 5 : 2 });
  }
  await f.student.diagnostics.finish({ attemptId });
}

describe("the study plan", () => {
  it("appears after a trial with mentor feedback, explained, for the student, the parent and staff only; a new trial result makes version 2", async () => {
    const f = await admittedFamily(h);
    await finishRiasec(f);
    const before = await f.student.recommendations.plan({ studentId: f.studentId });
    expect(before).toMatchObject({ state: "none", admitted: true });
    expect(before.state === "none" && before.reason).toMatch(/проб/);

    const robots = await soonTrial("mobile-robotics", `Роботы ${Date.now()}`);
    await attend(f, robots.id, { performance: 5, interest: 5 });
    const v1 = await f.student.recommendations.plan({ studentId: f.studentId });
    if (v1.state !== "ready") throw new Error(`no plan: ${v1.reason}`);
    expect(v1.version).toBe(1);
    expect(v1.plan.ageGroup).toBe("8-9");
    const items = v1.plan.sections.flatMap((s) => s.items);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.why.text.length).toBeGreaterThan(10);
    // The trial and the test it rests on are named in the explanations.
    expect(items.some((i) => i.why.text.includes("Мобильная робототехника") || i.why.text.includes(robots.title))).toBe(true);
    expect(items.some((i) => i.why.text.includes("Шесть типов интересов"))).toBe(true);
    // The same plan for the parent, with the live notice stored for both.
    expect((await f.parent.recommendations.plan({ studentId: f.studentId })).state).toBe("ready");
    const notices = await h.db.select({ userId: notifications.userId, title: notifications.title }).from(notifications).where(eq(notifications.type, "recommendations.ready"));
    expect(notices.filter((n) => n.userId === f.studentId).map((n) => n.title)).toEqual(["Рекомендации готовы"]);
    expect(notices.some((n) => n.title.startsWith("Рекомендации готовы:"))).toBe(true);

    // The student's own low rating of the trial is a new input: version 2, with what changed.
    const [enrollment] = await f.student.trials.mine();
    await f.student.trials.rate({ enrollmentId: enrollment!.enrollmentId, rating: 1, comment: "Не моё" });
    const v2 = await f.student.recommendations.plan({ studentId: f.studentId });
    if (v2.state !== "ready") throw new Error("no plan");
    expect(v2.version).toBe(2);
    expect(v2.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(v2.changes).not.toBeNull();
    expect(JSON.stringify(v2.plan)).toMatch(/оценк[аи] 1\/5|1 из 5|низк/);
    const older = await f.student.recommendations.plan({ studentId: f.studentId, version: 1 });
    expect(older.state === "ready" && older.version).toBe(1);

    // A mentor and another family's parent see nothing; staff may.
    expect((await failure(mentor.recommendations.plan({ studentId: f.studentId }))).code).toBe("FORBIDDEN");
    expect((await failure((await signedUpParent(h)).recommendations.plan({ studentId: f.studentId }))).code).toBe("FORBIDDEN");
    expect((await staff.recommendations.plan({ studentId: f.studentId })).state).toBe("ready");
    const counts = await staff.recommendations.counts();
    expect(counts.total).toBeGreaterThanOrEqual(1);
    expect(counts.byGrade.find((g) => g.grade === 8)!.n).toBeGreaterThanOrEqual(1);

    // The PDF is a real PDF.
    const { filename, base64 } = await f.parent.recommendations.pdf({ studentId: f.studentId });
    expect(filename).toBe("plan-v2.pdf");
    expect(Buffer.from(base64, "base64").subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("is not shown once consent is withdrawn, and says why", async () => {
    const f = await admittedFamily(h);
    await finishRiasec(f);
    const trial = await soonTrial("web-technologies", `Веб ${Date.now()}`);
    await attend(f, trial.id, { performance: 4, interest: 4 });
    expect((await f.student.recommendations.plan({ studentId: f.studentId })).state).toBe("ready");
    await f.parent.consent.withdraw({ studentId: f.studentId });
    const after = await f.parent.recommendations.plan({ studentId: f.studentId });
    expect(after).toMatchObject({ state: "none", admitted: false });
    expect(after.state === "none" && after.reason).toMatch(/согласие/);
    expect((await failure(f.parent.recommendations.pdf({ studentId: f.studentId }))).code).toBe("NOT_FOUND");
    // The stored versions stay; only the view is closed.
    expect(await h.db.select({ v: studyPlans.version }).from(studyPlans).where(and(eq(studyPlans.studentId, f.studentId)))).toHaveLength(1);
  });
});
