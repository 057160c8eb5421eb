import { randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { COMPETENCIES, DIAGNOSTIC_CATEGORIES, INTEREST_AREAS, LIKERT_LABELS, parseDiagnosticTest, type DiagnosticCategory, type DiagnosticItem, type DiagnosticTest } from "@bilet/content";
import { diagnosticAnswers, diagnosticAttempts, diagnosticTests, queryRows, studentProfiles, users, type DbOrTx } from "@bilet/db";
import { formatDate } from "@bilet/validators";
import { assertCanViewStudent, parentsOf } from "../access.ts";
import { refuseGraduate } from "../admission.ts";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { notifyUsers } from "../notifications.ts";
import { shortName } from "../people.ts";
import { refreshPlan } from "../recommendations/service.ts";
import { definitionOf } from "./definitions.ts";
import { generatePuzzle, scoreGameLog, type GameParams, type PublicPuzzle } from "./games.ts";
import { competencyFit, interestProfile, type CompetencyFit, type InterestProfile } from "./profile.ts";
import { scaleItemMatrix, scoreAttempt, validateAnswer, type Answer, type AttemptScore, type GameLogEvent, type GameResult } from "./scoring.ts";
import { MIN_RELIABLE_ATTEMPTS, median, scaleReport, type ScaleReport } from "./psychometrics.ts";

const DEFAULT_RETAKE_DAYS = 120;

/** The newest version of every test. */
async function latestTests(db: DbOrTx): Promise<DiagnosticTest[]> {
  const list = await queryRows<{ test_id: string; version: number }>(db, sql`select distinct on (test_id) test_id, version from ${diagnosticTests} order by test_id, version desc`);
  return Promise.all(list.map((r) => definitionOf(db, r.test_id, Number(r.version))));
}

async function latestTest(db: DbOrTx, testId: string): Promise<DiagnosticTest> {
  const [row] = await db
    .select({ version: diagnosticTests.version })
    .from(diagnosticTests)
    .where(eq(diagnosticTests.testId, testId))
    .orderBy(desc(diagnosticTests.version))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Тест не найден");
  return definitionOf(db, testId, row.version);
}

async function studentOf(db: DbOrTx, studentId: string): Promise<{ grade: number; graduatedAt: Date | null }> {
  const [row] = await db.select({ grade: studentProfiles.grade, graduatedAt: studentProfiles.graduatedAt }).from(studentProfiles).where(eq(studentProfiles.userId, studentId));
  if (!row) throw new AppError("FORBIDDEN", "Диагностика доступна участникам проекта");
  return row;
}

const forGrade = (test: DiagnosticTest, grade: number) => grade >= test.grades[0] && grade <= test.grades[1];

function retakeFrom(test: DiagnosticTest, finishedAt: Date): Date {
  return new Date(finishedAt.getTime() + (test.retakeAfterDays ?? DEFAULT_RETAKE_DAYS) * 86_400_000);
}

export type AttemptState = "not_started" | "in_progress" | "finished";

export interface CatalogueEntry {
  testId: string;
  title: string;
  description: string;
  category: DiagnosticCategory;
  categoryName: string;
  minutes: number;
  items: number;
  games: number;
  state: AttemptState;
  answered: number;
  /** The attempt in progress, or else the latest finished one. */
  attemptId: string | null;
  lastFinishedAt: string | null;
  /** When a finished test may be taken again (ISO), or null if it may be now. */
  retakeFrom: string | null;
}

/** The tests of the student's grade, with progress and state. */
export async function catalogue(db: DbOrTx, actor: Actor): Promise<CatalogueEntry[]> {
  const { grade } = await studentOf(db, actor.id);
  const tests = (await latestTests(db)).filter((t) => forGrade(t, grade));
  const attempts = await db
    .select({
      id: diagnosticAttempts.id,
      testId: diagnosticAttempts.testId,
      status: diagnosticAttempts.status,
      finishedAt: diagnosticAttempts.finishedAt,
      answered: sql<number>`(select count(*)::int from ${diagnosticAnswers} a where a.attempt_id = ${diagnosticAttempts.id})`,
    })
    .from(diagnosticAttempts)
    .where(eq(diagnosticAttempts.studentId, actor.id))
    .orderBy(desc(diagnosticAttempts.startedAt));
  const order = Object.keys(DIAGNOSTIC_CATEGORIES);
  return tests
    .map((test): CatalogueEntry => {
      const mine = attempts.filter((a) => a.testId === test.id);
      const open = mine.find((a) => a.status === "in_progress");
      const finished = mine.find((a) => a.status === "finished");
      const again = finished?.finishedAt ? retakeFrom(test, finished.finishedAt) : null;
      return {
        testId: test.id,
        title: test.title,
        description: test.description,
        category: test.category,
        categoryName: DIAGNOSTIC_CATEGORIES[test.category],
        minutes: test.minutes,
        items: test.items.length,
        games: test.items.filter((i) => i.kind === "game").length,
        state: open ? "in_progress" : finished ? "finished" : "not_started",
        answered: open ? Number(open.answered) : 0,
        attemptId: open?.id ?? finished?.id ?? null,
        lastFinishedAt: finished?.finishedAt?.toISOString() ?? null,
        retakeFrom: again && again.getTime() > Date.now() ? again.toISOString() : null,
      };
    })
    .sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category));
}

/** An item as the student sees it while taking the test: no right answers, no explanations. */
export type PublicItem =
  | Exclude<DiagnosticItem, { kind: "single" } | { kind: "multiple" } | { kind: "game" }>
  | Omit<Extract<DiagnosticItem, { kind: "single" }>, "correct" | "explanation">
  | Omit<Extract<DiagnosticItem, { kind: "multiple" }>, "correct" | "explanation">
  | (Extract<DiagnosticItem, { kind: "game" }> & { puzzle: PublicPuzzle });

export interface AttemptView {
  attemptId: string;
  status: "in_progress" | "finished";
  /** likertLabels: the test's own answer labels, or the platform's five. */
  test: { id: string; version: number; title: string; instructions: string; likertLabels: readonly string[]; minutes: number };
  items: PublicItem[];
  answers: Record<string, Answer>;
  /** Index of the first item without an answer: where a student who comes back resumes. */
  resumeAt: number;
}

function publicItem(item: DiagnosticItem, seed: string): PublicItem {
  if (item.kind === "single" || item.kind === "multiple") {
    const { correct: _correct, explanation: _explanation, ...rest } = item;
    return rest;
  }
  if (item.kind === "game") return { ...item, puzzle: generatePuzzle(item.game, item.params as GameParams[typeof item.game], `${seed}:${item.id}`) };
  return item;
}

async function attemptRow(db: DbOrTx, attemptId: string) {
  const [row] = await db.select().from(diagnosticAttempts).where(eq(diagnosticAttempts.id, attemptId));
  if (!row) throw new AppError("NOT_FOUND", "Попытка не найдена");
  return row;
}

async function answersOf(db: DbOrTx, attemptId: string): Promise<Record<string, Answer>> {
  const rows = await db.select({ itemId: diagnosticAnswers.itemId, answer: diagnosticAnswers.answer }).from(diagnosticAnswers).where(eq(diagnosticAnswers.attemptId, attemptId));
  return Object.fromEntries(rows.map((r) => [r.itemId, r.answer as Answer]));
}

/** Starts the test, or answers the attempt already in progress (a double click, or a student coming back). */
export async function startAttempt(deps: CoreDeps, actor: Actor, testId: string): Promise<AttemptView> {
  if (actor.role !== "student") throw new AppError("FORBIDDEN", "Тесты проходят участники проекта");
  const test = await latestTest(deps.db, testId);
  const student = await studentOf(deps.db, actor.id);
  if (!forGrade(test, student.grade)) throw new AppError("FORBIDDEN", "Этот тест для других классов");
  const [open] = await deps.db
    .select({ id: diagnosticAttempts.id })
    .from(diagnosticAttempts)
    .where(and(eq(diagnosticAttempts.studentId, actor.id), eq(diagnosticAttempts.testId, testId), eq(diagnosticAttempts.status, "in_progress")));
  // A test begun before the move-up may be finished; a new one may not.
  if (open) return viewAttempt(deps.db, actor, open.id);
  refuseGraduate(student.graduatedAt);
  const [last] = await deps.db
    .select({ finishedAt: diagnosticAttempts.finishedAt })
    .from(diagnosticAttempts)
    .where(and(eq(diagnosticAttempts.studentId, actor.id), eq(diagnosticAttempts.testId, testId), eq(diagnosticAttempts.status, "finished")))
    .orderBy(desc(diagnosticAttempts.finishedAt))
    .limit(1);
  if (last?.finishedAt) {
    const again = retakeFrom(test, last.finishedAt);
    if (again.getTime() > Date.now()) throw new AppError("CONFLICT", `Пройти этот тест ещё раз можно будет с ${formatDate(again)}: так будет видно, что изменилось за полгода`);
  }
  const [created] = await deps.db
    .insert(diagnosticAttempts)
    .values({ studentId: actor.id, testId, testVersion: test.version, seed: randomBytes(12).toString("hex") })
    .onConflictDoNothing()
    .returning({ id: diagnosticAttempts.id });
  if (created) return viewAttempt(deps.db, actor, created.id);
  // Two starts at once: the unique index kept one; answer that one.
  return startAttempt(deps, actor, testId);
}

export async function viewAttempt(db: DbOrTx, actor: Actor, attemptId: string): Promise<AttemptView> {
  const attempt = await attemptRow(db, attemptId);
  if (attempt.studentId !== actor.id) throw new AppError("FORBIDDEN", "Это не твоя попытка");
  const test = await definitionOf(db, attempt.testId, attempt.testVersion);
  const answers = await answersOf(db, attemptId);
  const firstOpen = test.items.findIndex((i) => answers[i.id] === undefined);
  return {
    attemptId,
    status: attempt.status,
    test: { id: test.id, version: test.version, title: test.title, instructions: test.instructions, likertLabels: test.likertLabels ?? LIKERT_LABELS, minutes: test.minutes },
    items: test.items.map((i) => publicItem(i, attempt.seed)),
    answers,
    resumeAt: firstOpen === -1 ? test.items.length : firstOpen,
  };
}

function gameOutcome(test: DiagnosticTest, item: Extract<DiagnosticItem, { kind: "game" }>, seed: string, log: readonly GameLogEvent[]) {
  return scoreGameLog(item.game, item.params as GameParams[typeof item.game], `${seed}:${item.id}`, log, item.timeLimitSeconds);
}

/** What never changes about an attempt (whose, which test version, the seed), kept per process. */
type AttemptFacts = Pick<typeof diagnosticAttempts.$inferSelect, "studentId" | "testId" | "testVersion" | "seed">;
const attemptFacts = new Map<string, AttemptFacts>();
const ATTEMPT_FACTS_KEPT = 50_000;

async function factsOf(db: DbOrTx, attemptId: string): Promise<AttemptFacts> {
  const known = attemptFacts.get(attemptId);
  if (known) return known;
  const { studentId, testId, testVersion, seed } = await attemptRow(db, attemptId);
  if (attemptFacts.size >= ATTEMPT_FACTS_KEPT) attemptFacts.delete(attemptFacts.keys().next().value!);
  const facts = { studentId, testId, testVersion, seed };
  attemptFacts.set(attemptId, facts);
  return facts;
}

/**
 * Saves one answer as it is given (a changed answer replaces the earlier one).
 * One statement on the hot path: the attempt's fixed facts and the test's
 * definition are cached, and the upsert itself checks that the attempt is
 * still in progress (a finished attempt inserts nothing, and then we say why).
 */
export async function saveAnswer(deps: CoreDeps, actor: Actor, input: { attemptId: string; itemId: string; answer: unknown }): Promise<{ answered: number; total: number }> {
  const attempt = await factsOf(deps.db, input.attemptId);
  if (attempt.studentId !== actor.id) throw new AppError("FORBIDDEN", "Это не твоя попытка");
  const test = await definitionOf(deps.db, attempt.testId, attempt.testVersion);
  const item = test.items.find((i) => i.id === input.itemId);
  if (!item) throw new AppError("BAD_REQUEST", "В этом тесте нет такого вопроса");
  const refusal = validateAnswer(test, item, input.answer);
  if (refusal) throw new AppError("BAD_REQUEST", refusal);
  if (item.kind === "game") {
    const outcome = gameOutcome(test, item, attempt.seed, input.answer as GameLogEvent[]);
    if (!outcome.ok) throw new AppError("BAD_REQUEST", `Результат игры не принят: ${outcome.reason}`);
  }
  let upsert = answerUpserts.get(deps.db);
  if (!upsert) answerUpserts.set(deps.db, (upsert = answerUpsert(deps.db)));
  const [saved] = await upsert.execute({ attemptId: input.attemptId, itemId: input.itemId, answer: JSON.stringify(input.answer) });
  if (!saved) throw new AppError("CONFLICT", "Тест уже завершён: ответы больше не меняются");
  return { answered: Number(saved.answered), total: test.items.length };
}

/**
 * The answer's upsert, built once per database (a prepared drizzle query: the
 * SQL text is not rebuilt per answer). It inserts nothing unless the attempt
 * is in progress, and then returns no row. The count in RETURNING reads the
 * table as it was before this statement, hence the other items plus this one.
 */
function answerUpsert(db: DbOrTx) {
  const attemptId = sql.placeholder("attemptId");
  const itemId = sql.placeholder("itemId");
  return db
    .insert(diagnosticAnswers)
    .select(
      sql`select ${attemptId}::uuid, ${itemId}::text, ${sql.placeholder("answer")}::jsonb, now()
        where exists (select 1 from ${diagnosticAttempts} where ${diagnosticAttempts.id} = ${attemptId}::uuid and ${diagnosticAttempts.status} = 'in_progress')`,
    )
    .onConflictDoUpdate({ target: [diagnosticAnswers.attemptId, diagnosticAnswers.itemId], set: { answer: sql`excluded.answer`, answeredAt: sql`now()` } })
    .returning({
      answered: sql<number>`(select count(*)::int from ${diagnosticAnswers} where ${diagnosticAnswers.attemptId} = ${attemptId}::uuid and ${diagnosticAnswers.itemId} <> ${itemId}::text) + 1`,
    })
    .prepare("diagnostic_answer_upsert");
}

const answerUpserts = new WeakMap<DbOrTx, ReturnType<typeof answerUpsert>>();

export interface AttemptResult extends AttemptScore {
  attemptId: string;
  studentId: string;
  studentName: string;
  test: { id: string; version: number; title: string; category: DiagnosticCategory; categoryName: string };
  startedAt: string;
  finishedAt: string;
}

function scoreOf(test: DiagnosticTest, seed: string, answers: Record<string, Answer>): AttemptScore {
  const games: Record<string, GameResult> = {};
  for (const item of test.items) {
    if (item.kind !== "game" || answers[item.id] === undefined) continue;
    const outcome = gameOutcome(test, item, seed, answers[item.id] as GameLogEvent[]);
    if (outcome.ok) games[item.id] = { percent: outcome.score.percent };
  }
  return scoreAttempt(test, answers, games);
}

/** Scores the attempt on the server, stores the result and tells the linked parents, in one transaction. */
export async function finishAttempt(deps: CoreDeps, actor: Actor, attemptId: string, meta: RequestMeta): Promise<AttemptResult> {
  await deps.db.transaction(async (tx) => {
    const [attempt] = await tx.select().from(diagnosticAttempts).where(eq(diagnosticAttempts.id, attemptId)).for("update");
    if (!attempt) throw new AppError("NOT_FOUND", "Попытка не найдена");
    if (attempt.studentId !== actor.id) throw new AppError("FORBIDDEN", "Это не твоя попытка");
    if (attempt.status === "finished") return; // a second click: the stored result stands
    const test = await definitionOf(tx, attempt.testId, attempt.testVersion);
    const answers = await answersOf(tx, attemptId);
    const score = scoreOf(test, attempt.seed, answers);
    if (score.missing.length > 0) {
      throw new AppError("BAD_REQUEST", `Остались вопросы без ответа: ${score.missing.length}. Ответь на них, чтобы увидеть результат.`);
    }
    await tx.update(diagnosticAttempts).set({ status: "finished", finishedAt: new Date(), result: score }).where(eq(diagnosticAttempts.id, attemptId));
    const [student] = await tx.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, actor.id));
    const parents = await parentsOf(tx, actor.id);
    if (parents.length > 0) {
      await notifyUsers(tx, parents, {
        type: "diagnostics.finished",
        title: `${shortName(student!)}: тест «${test.title}» пройден`,
        body: "Результат с графиком и пояснениями уже в кабинете.",
        link: `/parent/children/${actor.id}/diagnostics/${attemptId}`,
        data: { studentId: actor.id, attemptId, testId: test.id },
      });
    }
    await audit(tx, { actorUserId: actor.id, action: "diagnostics.finished", subjectType: "diagnostic_attempt", subjectId: attemptId, ip: meta.ip, data: { testId: test.id, version: test.version } });
    await refreshPlan(tx, actor.id);
  });
  return attemptResult(deps.db, actor, attemptId);
}

/** A finished attempt's result, for the student, a linked parent or staff. */
export async function attemptResult(db: DbOrTx, actor: Actor, attemptId: string): Promise<AttemptResult> {
  const attempt = await attemptRow(db, attemptId).catch(() => null);
  if (!attempt || attempt.status !== "finished") throw new AppError("NOT_FOUND", "Результат не найден");
  await assertCanViewStudent(db, actor, attempt.studentId);
  const test = await definitionOf(db, attempt.testId, attempt.testVersion);
  const [student] = await db.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, attempt.studentId));
  return {
    ...(attempt.result as AttemptScore),
    attemptId,
    studentId: attempt.studentId,
    studentName: shortName(student!),
    test: { id: test.id, version: test.version, title: test.title, category: test.category, categoryName: DIAGNOSTIC_CATEGORIES[test.category] },
    startedAt: attempt.startedAt.toISOString(),
    finishedAt: attempt.finishedAt!.toISOString(),
  };
}

export interface ResultSummary {
  attemptId: string;
  testId: string;
  title: string;
  category: DiagnosticCategory;
  finishedAt: string;
  scales: { scale: string; title: string; percent: number | null; band: string | null }[];
}

/** Every finished attempt of a student, newest first. */
export async function resultsOf(db: DbOrTx, actor: Actor, studentId: string): Promise<ResultSummary[]> {
  await assertCanViewStudent(db, actor, studentId);
  const rows = await db
    .select()
    .from(diagnosticAttempts)
    .where(and(eq(diagnosticAttempts.studentId, studentId), eq(diagnosticAttempts.status, "finished")))
    .orderBy(desc(diagnosticAttempts.finishedAt));
  return Promise.all(
    rows.map(async (r) => {
      const test = await definitionOf(db, r.testId, r.testVersion);
      const score = r.result as AttemptScore;
      return {
        attemptId: r.id,
        testId: r.testId,
        title: test.title,
        category: test.category,
        finishedAt: r.finishedAt!.toISOString(),
        scales: score.scales.map((s) => ({ scale: s.scale, title: s.title, percent: s.percent, band: s.band?.label ?? null })),
      };
    }),
  );
}

export interface StudentProfile {
  profile: InterestProfile;
  areaNames: Record<string, string>;
  /** The five competencies that fit best, with the reason. */
  fits: CompetencyFit[];
}

/** The interest profile over the latest finished attempt of each test. */
export async function profileOf(db: DbOrTx, actor: Actor, studentId: string): Promise<StudentProfile> {
  await assertCanViewStudent(db, actor, studentId);
  const rows = await db
    .select()
    .from(diagnosticAttempts)
    .where(and(eq(diagnosticAttempts.studentId, studentId), eq(diagnosticAttempts.status, "finished")))
    .orderBy(desc(diagnosticAttempts.finishedAt));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.testId)) latest.set(r.testId, r);
  const inputs = await Promise.all(
    [...latest.values()].map(async (r) => ({ test: await definitionOf(db, r.testId, r.testVersion), scales: (r.result as AttemptScore).scales })),
  );
  const profile = interestProfile(inputs);
  const hasAreas = Object.values(profile.areas).some((v) => v !== null);
  return { profile, areaNames: { ...INTEREST_AREAS }, fits: hasAreas ? competencyFit(profile, COMPETENCIES).slice(0, 5) : [] };
}

/** How well each competency fits the student's interest profile (empty before any test with interests). */
export async function competencyFitsOf(db: DbOrTx, studentId: string): Promise<Map<string, CompetencyFit>> {
  const { profile } = await profileOf(db, { id: studentId, role: "student" }, studentId);
  if (Object.values(profile.areas).every((v) => v === null)) return new Map();
  return new Map(competencyFit(profile, COMPETENCIES).map((f) => [f.code, f]));
}

export interface TestReport {
  testId: string;
  version: number;
  title: string;
  versions: number[];
  attempts: number;
  finished: number;
  completionRate: number | null;
  medianMinutes: number | null;
  tooFew: boolean;
  minReliableAttempts: number;
  scales: (Omit<ScaleReport, "items"> & { scale: string; title: string; items: { item: string; text: string; mean: number | null; itemTotal: number | null }[] })[];
}

/** Open psychometrics of one version of a test, computed from stored answers (staff only). */
export async function testReport(db: DbOrTx, actor: Actor, testId: string, version?: number): Promise<TestReport> {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Раздел для оператора проекта");
  const test = version ? await definitionOf(db, testId, version) : await latestTest(db, testId);
  const versions = (await db.select({ v: diagnosticTests.version }).from(diagnosticTests).where(eq(diagnosticTests.testId, testId)).orderBy(diagnosticTests.version)).map((r) => r.v);
  const attempts = await db
    .select({ id: diagnosticAttempts.id, status: diagnosticAttempts.status, startedAt: diagnosticAttempts.startedAt, finishedAt: diagnosticAttempts.finishedAt, result: diagnosticAttempts.result })
    .from(diagnosticAttempts)
    .where(and(eq(diagnosticAttempts.testId, testId), eq(diagnosticAttempts.testVersion, test.version)));
  const finished = attempts.filter((a) => a.status === "finished");
  const answerRows = finished.length
    ? await db
        .select({ attemptId: diagnosticAnswers.attemptId, itemId: diagnosticAnswers.itemId, answer: diagnosticAnswers.answer })
        .from(diagnosticAnswers)
        .innerJoin(diagnosticAttempts, eq(diagnosticAttempts.id, diagnosticAnswers.attemptId))
        .where(and(eq(diagnosticAttempts.testId, testId), eq(diagnosticAttempts.testVersion, test.version), eq(diagnosticAttempts.status, "finished")))
    : [];
  const byAttempt = new Map<string, Record<string, Answer>>();
  for (const r of answerRows) byAttempt.set(r.attemptId, { ...(byAttempt.get(r.attemptId) ?? {}), [r.itemId]: r.answer as Answer });
  const answerSets = finished.map((a) => byAttempt.get(a.id) ?? {});
  const scales = test.scales.map((scale) => {
    const { items, rows } = scaleItemMatrix(test, scale.id, answerSets);
    const scores = finished.flatMap((a) => {
      const percent = (a.result as AttemptScore).scales.find((s) => s.scale === scale.id)?.percent;
      return percent === null || percent === undefined ? [] : [percent];
    });
    const report = scaleReport(rows, scores);
    return {
      ...report,
      scale: scale.id,
      title: scale.title,
      items: items.map((itemId, i) => ({
        item: itemId,
        text: textOf(test.items.find((it) => it.id === itemId)!),
        mean: report.items[i]?.mean ?? null,
        itemTotal: report.items[i]?.itemTotal ?? null,
      })),
    };
  });
  const minutes = finished.map((a) => (a.finishedAt!.getTime() - a.startedAt.getTime()) / 60_000);
  return {
    testId,
    version: test.version,
    title: test.title,
    versions,
    attempts: attempts.length,
    finished: finished.length,
    completionRate: attempts.length ? finished.length / attempts.length : null,
    medianMinutes: median(minutes),
    tooFew: finished.length < MIN_RELIABLE_ATTEMPTS,
    minReliableAttempts: MIN_RELIABLE_ATTEMPTS,
    scales,
  };
}

function textOf(item: DiagnosticItem): string {
  if (item.kind === "forced") return `${item.a.text} / ${item.b.text}`;
  return "text" in item && item.text ? item.text : item.id;
}

/** Staff upload a new test, or a new version of one, from its definition file; errors point at the field. */
export async function uploadTest(deps: CoreDeps, actor: Actor, source: string, meta: RequestMeta): Promise<{ testId: string; version: number; title: string }> {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Загружать тесты может оператор проекта");
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    throw new AppError("BAD_REQUEST", "Файл не читается как JSON: проверьте скобки и кавычки", { fieldErrors: { file: "Файл не читается как JSON" } });
  }
  const parsed = parseDiagnosticTest(json);
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 10).join("; ");
    throw new AppError("BAD_REQUEST", `В файле есть ошибки: ${shown}${parsed.errors.length > 10 ? ` (и ещё ${parsed.errors.length - 10})` : ""}`, { fieldErrors: { file: shown } });
  }
  const test = parsed.test;
  const [latest] = await deps.db.select({ version: diagnosticTests.version }).from(diagnosticTests).where(eq(diagnosticTests.testId, test.id)).orderBy(desc(diagnosticTests.version)).limit(1);
  if (latest && test.version <= latest.version) {
    throw new AppError("CONFLICT", `Версия ${test.version} уже есть или устарела: новая версия теста «${test.id}» должна быть больше ${latest.version}`, { fieldErrors: { file: `Укажите version больше ${latest.version}` } });
  }
  await deps.db.transaction(async (tx) => {
    await tx.insert(diagnosticTests).values({ testId: test.id, version: test.version, title: test.title, definition: test, uploadedById: actor.id });
    await audit(tx, { actorUserId: actor.id, action: "diagnostics.uploaded", subjectType: "diagnostic_test", subjectId: `${test.id}@${test.version}`, ip: meta.ip, data: { testId: test.id, version: test.version } });
  });
  return { testId: test.id, version: test.version, title: test.title };
}

/** The list staff see: every test with its versions and how many finished it. */
export async function staffTests(db: DbOrTx, actor: Actor) {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Раздел для оператора проекта");
  const tests = await latestTests(db);
  const counts = await db
    .select({ testId: diagnosticAttempts.testId, finished: sql<number>`count(*) filter (where ${diagnosticAttempts.status} = 'finished')::int` })
    .from(diagnosticAttempts)
    .groupBy(diagnosticAttempts.testId);
  return tests
    .map((t) => ({ testId: t.id, title: t.title, version: t.version, category: DIAGNOSTIC_CATEGORIES[t.category], grades: t.grades, finished: Number(counts.find((c) => c.testId === t.id)?.finished ?? 0) }))
    .sort((a, b) => a.title.localeCompare(b.title, "ru"));
}
