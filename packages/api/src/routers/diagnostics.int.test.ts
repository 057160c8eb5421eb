import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnosticTestById, type DiagnosticTest } from "@bilet/content";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, diagnostics, seedDemoAccounts } from "@bilet/core";
import { diagnosticAnswers, diagnosticAttempts, notifications } from "@bilet/db";
import { admittedFamily, createApiHarness, demoClient, failure, signedUpParent, signedUpStudent, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
let staff: Awaited<ReturnType<typeof demoClient>>;

beforeAll(async () => {
  h = await createApiHarness();
  await seedDemoAccounts(h.db);
  staff = await demoClient(h, DEMO_ACCOUNTS.find((a) => a.role === "staff")!.email, DEMO_PASSWORD);
});
afterAll(async () => {
  await h?.close();
});

const teamwork = diagnosticTestById("strengths-teamwork") as DiagnosticTest;
/** Likert answers for every item of a test: the same position for all. */
const allLikert = (test: DiagnosticTest, value: number) => Object.fromEntries(test.items.map((i) => [i.id, value]));

type Client = Awaited<ReturnType<typeof signedUpStudent>>;
async function answerAll(student: Client, attemptId: string, answers: Record<string, number | string>) {
  for (const [itemId, answer] of Object.entries(answers)) await student.diagnostics.answer({ attemptId, itemId, answer });
}

describe("taking a test", () => {
  it("lists the tests of the student's grade with their state", async () => {
    const student = await signedUpStudent(h); // grade 8
    const list = await student.diagnostics.catalogue();
    const ids = list.map((t) => t.testId);
    expect(ids).toContain("my-readiness");
    expect(ids).toContain("inclinations-8-9");
    expect(ids).not.toContain("inclinations-6-7");
    expect(list.find((t) => t.testId === "my-readiness")).toMatchObject({ state: "not_started", items: 44, categoryName: "готовность к выбору" });
  });

  it("saves every answer as it is given and resumes at the first unanswered item; a double start is the same attempt", async () => {
    const student = await signedUpStudent(h);
    const started = await student.diagnostics.start({ testId: "strengths-teamwork" });
    expect((await student.diagnostics.start({ testId: "strengths-teamwork" })).attemptId).toBe(started.attemptId);
    expect(started.resumeAt).toBe(0);
    const [first, second] = teamwork.items;
    expect(await student.diagnostics.answer({ attemptId: started.attemptId, itemId: first!.id, answer: 4 })).toEqual({ answered: 1, total: 12 });
    await student.diagnostics.answer({ attemptId: started.attemptId, itemId: second!.id, answer: 2 });
    // A changed answer replaces the earlier one.
    expect(await student.diagnostics.answer({ attemptId: started.attemptId, itemId: first!.id, answer: 5 })).toEqual({ answered: 2, total: 12 });
    const again = await student.diagnostics.attempt({ attemptId: started.attemptId });
    expect(again.resumeAt).toBe(2);
    expect(again.answers).toEqual({ [first!.id]: 5, [second!.id]: 2 });
    expect((await student.diagnostics.catalogue()).find((t) => t.testId === "strengths-teamwork")).toMatchObject({ state: "in_progress", answered: 2 });
  });

  it("never sends the right answers of a quiz before it is finished", async () => {
    const student = await signedUpStudent(h);
    const view = await student.diagnostics.start({ testId: "quiz-it" });
    expect(JSON.stringify(view.items)).not.toMatch(/"correct"|"explanation"/);
  });

  it("refuses bad answers with a Russian message and stores nothing", async () => {
    const student = await signedUpStudent(h);
    const { attemptId } = await student.diagnostics.start({ testId: "strengths-teamwork" });
    const itemId = teamwork.items[0]!.id;
    const outOfRange = await failure(student.diagnostics.answer({ attemptId, itemId, answer: 7 }));
    expect(outOfRange.code).toBe("BAD_REQUEST");
    expect(outOfRange.message).toMatch(/[а-яё]/i);
    expect((await failure(student.diagnostics.answer({ attemptId, itemId: "no-such-item", answer: 3 }))).message).toBe("В этом тесте нет такого вопроса");
    expect((await failure(student.diagnostics.answer({ attemptId, itemId, answer: "a" }))).code).toBe("BAD_REQUEST");
    const stored = await h.db.select({ n: count() }).from(diagnosticAnswers).where(eq(diagnosticAnswers.attemptId, attemptId));
    expect(stored[0]!.n).toBe(0);
  });

  it("keeps one student out of another's attempt", async () => {
    const owner = await signedUpStudent(h);
    const other = await signedUpStudent(h);
    const { attemptId } = await owner.diagnostics.start({ testId: "strengths-teamwork" });
    expect((await failure(other.diagnostics.answer({ attemptId, itemId: teamwork.items[0]!.id, answer: 3 }))).code).toBe("FORBIDDEN");
    expect((await failure(other.diagnostics.attempt({ attemptId }))).code).toBe("FORBIDDEN");
    expect((await failure(other.diagnostics.finish({ attemptId }))).code).toBe("FORBIDDEN");
  });
});

describe("finishing", () => {
  it("refuses to finish with unanswered items, then scores on the server, stores the result and tells the linked parent", async () => {
    const { parent, student, studentId } = await admittedFamily(h);
    const { attemptId } = await student.diagnostics.start({ testId: "strengths-teamwork" });
    const answers = allLikert(teamwork, 4);
    const [firstId, ...rest] = Object.keys(answers);
    await answerAll(student, attemptId, Object.fromEntries(rest.map((id) => [id, 4])));
    expect((await failure(student.diagnostics.finish({ attemptId }))).message).toBe("Остались вопросы без ответа: 1. Ответь на них, чтобы увидеть результат.");

    await student.diagnostics.answer({ attemptId, itemId: firstId!, answer: 4 });
    const result = await student.diagnostics.finish({ attemptId });
    // The same numbers the pure scoring gives for these answers.
    expect(result.scales).toEqual(diagnostics.scoreAttempt(teamwork, answers).scales);
    expect(result.scales[0]!.percent).not.toBeNull();
    expect(result.scales[0]!.band?.label).toBeTruthy();
    // A second click answers the stored result.
    expect((await student.diagnostics.finish({ attemptId })).finishedAt).toBe(result.finishedAt);

    const [notice] = (await parent.notifications.list({ limit: 1 })).items;
    expect(notice).toMatchObject({ type: "diagnostics.finished", link: `/parent/children/${studentId}/diagnostics/${attemptId}` });
    expect(notice!.title).toMatch(/тест «Работа в команде» пройден$/);
    expect((await parent.diagnostics.result({ attemptId })).scales).toEqual(result.scales);
    expect((await parent.diagnostics.results({ studentId })).map((r) => r.attemptId)).toEqual([attemptId]);

    // Answers are frozen once the test is finished.
    expect((await failure(student.diagnostics.answer({ attemptId, itemId: firstId!, answer: 1 }))).code).toBe("CONFLICT");
  });

  it("shows nothing to an unlinked parent or another student", async () => {
    const { student, studentId } = await admittedFamily(h);
    const { attemptId } = await student.diagnostics.start({ testId: "strengths-teamwork" });
    await answerAll(student, attemptId, allLikert(teamwork, 3));
    await student.diagnostics.finish({ attemptId });
    const stranger = await signedUpParent(h);
    const otherStudent = await signedUpStudent(h);
    expect((await failure(stranger.diagnostics.result({ attemptId }))).code).toBe("FORBIDDEN");
    expect((await failure(stranger.diagnostics.results({ studentId }))).code).toBe("FORBIDDEN");
    expect((await failure(stranger.diagnostics.profile({ studentId }))).code).toBe("FORBIDDEN");
    expect((await failure(otherStudent.diagnostics.result({ attemptId }))).code).toBe("FORBIDDEN");
    const noticesToStranger = await h.db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, (await stranger.auth.me())!.id), eq(notifications.type, "diagnostics.finished")));
    expect(noticesToStranger[0]!.n).toBe(0);
  });

  it("lets a test be retaken only after its interval, and says from when", async () => {
    const student = await signedUpStudent(h);
    const { attemptId } = await student.diagnostics.start({ testId: "strengths-teamwork" });
    await answerAll(student, attemptId, allLikert(teamwork, 3));
    await student.diagnostics.finish({ attemptId });
    const refused = await failure(student.diagnostics.start({ testId: "strengths-teamwork" }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/^Пройти этот тест ещё раз можно будет с \d+ \S+ \d{4} г\./);
    // A semester later the retake starts a new attempt, and both results are kept.
    await h.db.update(diagnosticAttempts).set({ finishedAt: new Date(Date.now() - 200 * 86_400_000) }).where(eq(diagnosticAttempts.id, attemptId));
    const retake = await student.diagnostics.start({ testId: "strengths-teamwork" });
    expect(retake.attemptId).not.toBe(attemptId);
  });
});

describe("games", () => {
  it("accepts a plausible Schulte log and refuses an impossible one", async () => {
    const student = await signedUpStudent(h);
    const view = await student.diagnostics.start({ testId: "game-schulte" });
    const item = view.items[0]!;
    expect(item.kind).toBe("game");
    const size = (item as { puzzle: { size: number } }).puzzle.size;
    const numbers = Array.from({ length: size * size }, (_, i) => i + 1);
    const tooFast = [{ t: 0, type: "shown" as const }, ...numbers.map((n) => ({ t: n * 10, type: "press" as const, value: n })), { t: 300, type: "end" as const }];
    const refused = await failure(student.diagnostics.answer({ attemptId: view.attemptId, itemId: item.id, answer: tooFast }));
    expect(refused.message).toMatch(/^Результат игры не принят: /);
    const human = [{ t: 0, type: "shown" as const }, ...numbers.map((n) => ({ t: n * 900, type: "press" as const, value: n })), { t: numbers.length * 900 + 50, type: "end" as const }];
    await student.diagnostics.answer({ attemptId: view.attemptId, itemId: item.id, answer: human });
    const result = await student.diagnostics.finish({ attemptId: view.attemptId });
    expect(result.scales[0]!.percent).toBeGreaterThan(50);
  });
});

describe("the interest profile", () => {
  it("grows from finished tests and names the competencies that fit", async () => {
    const { student, studentId } = await admittedFamily(h);
    const empty = await student.diagnostics.profile({ studentId });
    expect(empty.profile.tests).toBe(0);
    expect(empty.fits).toEqual([]);
    const riasec = diagnosticTestById("riasec-interests") as DiagnosticTest;
    const { attemptId } = await student.diagnostics.start({ testId: "riasec-interests" });
    // Strong practical (R) and investigative (I) interests, little else.
    const answers = Object.fromEntries(riasec.items.map((i) => [i.id, i.kind === "likert" && i.scale === "realistic" ? 5 : i.kind === "likert" && i.scale === "investigative" ? 4 : 1]));
    await answerAll(student, attemptId, answers);
    await student.diagnostics.finish({ attemptId });
    const { profile, fits } = await student.diagnostics.profile({ studentId });
    expect(profile.tests).toBe(1);
    expect(profile.leading[0]).toBe("R");
    expect(profile.areas.R).toBeGreaterThan(profile.areas.I!);
    expect(fits.length).toBeGreaterThan(0);
    expect(fits[0]!.reason).toMatch(/^подходит: /);

    // The catalogue's «подходит мне»: the robotics trial fits, the restaurant one does not; each card says why.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await staff.trials.setSeason({ registrationOpensOn: day(-60), esiaOpensOn: day(-50), trialsStartOn: day(-2), trialsEndOn: day(90), recommendationsOn: day(100) });
    const startsAt = new Date(Date.now() + 10 * 86_400_000);
    const form = (competencyCode: string, title: string) =>
      ({ competencyCode, title, description: "", level: "intro", format: "online", link: "https://meet.example.ru/x", startsAt: startsAt.toISOString(), enrollDeadline: new Date(startsAt.getTime() - 86_400_000).toISOString(), durationMinutes: 90, capacity: 5, minGrade: 6, maxGrade: 11 }) as never;
    const robots = await staff.trials.create(form("mobile-robotics", `Роботы ${Date.now()}`));
    const dinner = await staff.trials.create(form("restaurant-service", `Сервировка ${Date.now()}`));
    const { items: all } = await student.trials.list({});
    expect(all.find((t) => t.id === dinner.id)!.fit!.reason).toMatch(/^совпадает мало: /);
    const { items: fitting } = await student.trials.list({ fit: true });
    expect(fitting.map((t) => t.id)).toContain(robots.id);
    expect(fitting.map((t) => t.id)).not.toContain(dinner.id);
    expect(fitting.find((t) => t.id === robots.id)!.fit!.reason).toMatch(/^подходит: высокий интерес/);
  });
});

describe("staff: versions and open psychometrics", () => {
  it("uploads a new version, refuses broken files naming the field, and keeps old attempts on their version", async () => {
    const student = await signedUpStudent(h);
    const old = await student.diagnostics.start({ testId: "strengths-teamwork" });
    const notJson = await failure(staff.diagnostics.upload({ file: "{ not json" }));
    expect(notJson.message).toBe("Файл не читается как JSON: проверьте скобки и кавычки");
    const broken = { ...teamwork, version: 2, items: teamwork.items.map((i, n) => (n === 2 ? { ...i, scale: "no-such-scale" } : i)) };
    const invalid = await failure(staff.diagnostics.upload({ file: JSON.stringify(broken) }));
    expect(invalid.message).toMatch(/^В файле есть ошибки: .*items\[2\]/);
    const sameVersion = await failure(staff.diagnostics.upload({ file: JSON.stringify(teamwork) }));
    expect(sameVersion.code).toBe("CONFLICT");
    expect(await staff.diagnostics.upload({ file: JSON.stringify({ ...teamwork, version: 2, title: "Работа в команде (версия 2)" }) })).toEqual({ testId: "strengths-teamwork", version: 2, title: "Работа в команде (версия 2)" });
    expect((await student.diagnostics.attempt({ attemptId: old.attemptId })).test.version).toBe(1);
    const fresh = await signedUpStudent(h);
    expect((await fresh.diagnostics.start({ testId: "strengths-teamwork" })).test.version).toBe(2);
    expect((await failure(student.diagnostics.upload({ file: JSON.stringify({ ...teamwork, version: 3 }) }))).code).toBe("FORBIDDEN");
  });

  it("reports attempts, completion, α and item-total correlations from stored answers, with a warning when they are few", async () => {
    const quiz = diagnosticTestById("strengths-communication") as DiagnosticTest;
    for (const level of [1, 2, 4, 5]) {
      const student = await signedUpStudent(h);
      const { attemptId } = await student.diagnostics.start({ testId: quiz.id });
      // Consistent answerers: each person answers every item near their own level.
      await answerAll(student, attemptId, Object.fromEntries(quiz.items.map((i, n) => [i.id, Math.min(5, Math.max(1, level + (n % 2)))])));
      await student.diagnostics.finish({ attemptId });
    }
    await (await signedUpStudent(h)).diagnostics.start({ testId: quiz.id }); // started, never finished
    const report = await staff.diagnostics.report({ testId: quiz.id });
    expect(report).toMatchObject({ attempts: 5, finished: 4, completionRate: 0.8, tooFew: true });
    const scale = report.scales[0]!;
    expect(scale.attempts).toBe(4);
    expect(scale.alpha).not.toBeNull();
    expect(scale.items).toHaveLength(quiz.items.length);
    expect(scale.warning).toMatch(/^Прохождений пока 4/);
    expect((await failure((await signedUpParent(h)).diagnostics.report({ testId: quiz.id }))).code).toBe("FORBIDDEN");
  });
});
