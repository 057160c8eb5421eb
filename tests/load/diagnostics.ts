/**
 * npm run bench:diagnostics
 *
 * 1,000 students (BENCH_STUDENTS) take «Моя готовность» (44 items) at once
 * through the HTTP API, one request per saved answer, then finish. Prints the
 * answer throughput and latency, the finish latency, errors, and as the
 * baseline the rate of plain single-row INSERTs into the same database in the
 * same run, with the same number in flight. The clients run in a child
 * process, the server in this one. PGlite, or PostgreSQL when DATABASE_URL is set.
 */
import { performance } from "node:perf_hooks";
import { and, eq, inArray, sql } from "drizzle-orm";
import { diagnosticTestById } from "@bilet/content";
import { diagnosticAnswers, diagnosticAttempts } from "@bilet/db";
import { postFromChild } from "./http-clients.ts";
import { createFamilies, startBenchServer } from "./setup.ts";
import { percentile, pool, round } from "./stats.ts";

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const TEST = diagnosticTestById("my-readiness")!;

const bench = await startBenchServer();
const { server, db } = bench;
console.log(`server on ${server.url} (${bench.kind}); preparing ${STUDENTS} students who start «${TEST.title}» (${TEST.items.length} items)…`);

const families = await createFamilies(db, STUDENTS, `dg${Date.now().toString(36)}`);
const attempts = await db
  .insert(diagnosticAttempts)
  .values(families.map((f) => ({ studentId: f.studentId, testId: TEST.id, testVersion: TEST.version, seed: "bench" })))
  .returning({ id: diagnosticAttempts.id, studentId: diagnosticAttempts.studentId });
const students = await Promise.all(
  attempts.map(async (a, i) => {
    const { cookie } = await server.deps.sessions.create(a.studentId, { ip: "127.0.0.1", userAgent: "bench" });
    return { cookie: cookie.split(";")[0]!, attemptId: a.id, level: 1 + (i % 5) };
  }),
);

// Item by item, every student at once: the order a class taking the test together produces.
const answerRequests = TEST.items.flatMap((item, n) =>
  students.map((s) => ({ path: "/trpc/diagnostics.answer", cookie: s.cookie, body: { attemptId: s.attemptId, itemId: item.id, answer: 1 + ((s.level + n) % 5) } })),
);
const eluBefore = performance.eventLoopUtilization();
const answers = await postFromChild({ baseUrl: server.url, requests: answerRequests, concurrency: CONCURRENCY });
const serverBusy = performance.eventLoopUtilization(eluBefore).utilization;
const finishes = await postFromChild({
  baseUrl: server.url,
  requests: students.map((s) => ({ path: "/trpc/diagnostics.finish", cookie: s.cookie, body: { attemptId: s.attemptId } })),
  concurrency: CONCURRENCY,
});

const ids = students.map((s) => s.attemptId);
const [{ stored }] = (await db.select({ stored: sql<number>`count(*)::int` }).from(diagnosticAnswers).where(inArray(diagnosticAnswers.attemptId, ids))) as [{ stored: number }];
const [{ finished }] = (await db
  .select({ finished: sql<number>`count(*)::int` })
  .from(diagnosticAttempts)
  .where(and(inArray(diagnosticAttempts.id, ids), eq(diagnosticAttempts.status, "finished")))) as [{ finished: number }];

// Baseline: plain single-row INSERTs into the same database, as many and as many in flight.
await db.execute(sql`create table if not exists bench_rows (id bigserial primary key, attempt_id uuid not null, item_id text not null, answer jsonb not null)`);
const baselineStart = performance.now();
await pool(answerRequests, CONCURRENCY, async (r) => {
  await db.execute(sql`insert into bench_rows (attempt_id, item_id, answer) values (${r.body.attemptId}, ${r.body.itemId}, ${JSON.stringify(r.body.answer)}::jsonb)`);
});
const baselineRps = answerRequests.length / ((performance.now() - baselineStart) / 1000);
await db.execute(sql`drop table bench_rows`);

const result = {
  students: STUDENTS,
  answers: answerRequests.length,
  errors: answers.failures + finishes.failures,
  throughput_rps: round(answerRequests.length / answers.seconds),
  p50_ms: round(percentile(answers.latencies, 50)),
  p99_ms: round(percentile(answers.latencies, 99)),
  finish_p99_ms: round(percentile(finishes.latencies, 99)),
  baseline_rps: round(baselineRps),
};
console.log(`database: ${bench.kind}; ${answerRequests.length} answers and ${STUDENTS} finishes, ${CONCURRENCY} in flight; errors: ${answers.failures} answers, ${finishes.failures} finishes`);
console.log(`stored answers ${stored} of ${answerRequests.length}; finished attempts ${finished} of ${STUDENTS}`);
console.log(`saving an answer through the API: ${result.throughput_rps} req/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms; server event loop busy ${round(100 * serverBusy)}%`);
console.log(`finishing (scoring on the server + parents' notices): p50 ${round(percentile(finishes.latencies, 50))} ms, p99 ${result.finish_p99_ms} ms`);
console.log(`baseline, plain single-row INSERT: ${result.baseline_rps} rows/s (the API reaches ${round((100 * result.throughput_rps) / result.baseline_rps)}% of it)`);
console.log(JSON.stringify(result));
await bench.close();
process.exit(0);
