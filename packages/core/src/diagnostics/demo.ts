import { eq, inArray } from "drizzle-orm";
import { diagnosticTestById, type DiagnosticItem, type DiagnosticTest } from "@bilet/content";
import { diagnosticAnswers, diagnosticAttempts, users, type Database } from "@bilet/db";
import { createAccount } from "../account-records.ts";
import { DEMO_ACCOUNTS } from "../demo.ts";
import { seededRandom } from "./games.ts";
import { scoreAttempt, type Answer } from "./scoring.ts";

/** Demo classmates whose answers give the psychometrics page real figures; they cannot sign in. */
const CLASSMATES = 36;
const DAY = 86_400_000;

/** One person's answers: a level per scale and a little noise, so scales hang together as real ones do. */
function answersFor(test: DiagnosticTest, random: () => number, lean: (scale: string) => number): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  const level = new Map<string, number>();
  const levelOf = (scale: string) => {
    if (!level.has(scale)) level.set(scale, Math.min(1, Math.max(0, lean(scale) + (random() - 0.5) * 0.5)));
    return level.get(scale)!;
  };
  for (const item of test.items) out[item.id] = answerFor(item, random, levelOf);
  return out;
}

function answerFor(item: DiagnosticItem, random: () => number, levelOf: (scale: string) => number): Answer {
  switch (item.kind) {
    case "likert": {
      const agree = Math.round(1 + 4 * levelOf(item.scale) + (random() - 0.5) * 1.6);
      const clamped = Math.min(5, Math.max(1, agree));
      return item.reversed ? 6 - clamped : clamped;
    }
    case "forced":
      return levelOf(item.a.scale) + random() * 0.3 >= levelOf(item.b.scale) + random() * 0.3 ? "a" : "b";
    case "single":
      return random() < 0.7 ? item.correct : item.options.find((o) => o.id !== item.correct)!.id;
    case "multiple":
      return random() < 0.6 ? [...item.correct] : [item.correct[0]!];
    case "ranking":
      return [...item.options].sort((a, b) => levelOf(b.scale) - levelOf(a.scale)).map((o) => o.id);
    case "game":
      throw new Error("demo data has no games");
  }
}

async function storeAttempt(db: Database, studentId: string, test: DiagnosticTest, answers: Record<string, Answer>, finishedAt: Date) {
  const [attempt] = await db
    .insert(diagnosticAttempts)
    .values({
      studentId,
      testId: test.id,
      testVersion: test.version,
      status: "finished",
      seed: "demo",
      startedAt: new Date(finishedAt.getTime() - test.minutes * 60_000),
      finishedAt,
      result: scoreAttempt(test, answers),
    })
    .returning({ id: diagnosticAttempts.id });
  await db.insert(diagnosticAnswers).values(Object.entries(answers).map(([itemId, answer]) => ({ attemptId: attempt!.id, itemId, answer })));
}

const test = (id: string) => diagnosticTestById(id)!;

/**
 * The demo student's finished tests (readiness twice, half a year apart, so a
 * parent can compare) and the readiness answers of demo classmates, so that
 * right after `npm start` parents see results and staff see psychometrics.
 * Creates only what is missing.
 */
export async function seedDemoDiagnostics(db: Database): Promise<void> {
  const demoEmail = DEMO_ACCOUNTS.find((a) => a.role === "student")!.email;
  const [student] = await db.select({ id: users.id }).from(users).where(eq(users.email, demoEmail));
  if (!student) return;
  const [any] = await db.select({ id: diagnosticAttempts.id }).from(diagnosticAttempts).where(eq(diagnosticAttempts.studentId, student.id)).limit(1);
  if (any) return;
  const random = seededRandom("demo-diagnostics");
  const now = Date.now();
  // An engineering-minded student whose readiness grew over the season.
  const interests: Record<string, number> = { realistic: 0.9, investigative: 0.7, artistic: 0.45, social: 0.35, enterprising: 0.3, conventional: 0.3, technics: 0.9, sign: 0.45, nature: 0.4, human: 0.3, art: 0.45 };
  const lean = (growth: number) => (scale: string) => interests[scale] ?? 0.45 + growth;
  await storeAttempt(db, student.id, test("my-readiness"), answersFor(test("my-readiness"), random, lean(0)), new Date(now - 170 * DAY));
  await storeAttempt(db, student.id, test("my-readiness"), answersFor(test("my-readiness"), random, lean(0.25)), new Date(now - 3 * DAY));
  for (const [id, daysAgo] of [["riasec-interests", 20], ["professional-domains", 15], ["strengths-teamwork", 10], ["quiz-industry", 6]] as const) {
    await storeAttempt(db, student.id, test(id), answersFor(test(id), random, lean(0.1)), new Date(now - daysAgo * DAY));
  }

  const emails = Array.from({ length: CLASSMATES }, (_, i) => `classmate-${i + 1}@demo.bilet.local`);
  const existing = new Set((await db.select({ email: users.email }).from(users).where(inArray(users.email, emails))).map((u) => u.email));
  for (const [i, email] of emails.entries()) {
    if (existing.has(email)) continue;
    const created = await db.transaction((tx) =>
      createAccount(tx, {
        role: "student",
        email,
        passwordHash: null,
        lastName: "Демо-участник",
        firstName: String(i + 1),
        activatedAt: new Date(),
        student: { birthDate: "2011-09-01", grade: 6 + (i % 6), regionCode: "77", school: "Демо-школа" },
      }),
    );
    if (!created) continue;
    const base = random();
    await storeAttempt(db, created.id, test("my-readiness"), answersFor(test("my-readiness"), random, () => base), new Date(now - (1 + (i % 30)) * DAY));
  }
}
