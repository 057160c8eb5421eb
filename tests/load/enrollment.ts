/**
 * npm run bench:enrollment
 *
 * 2,000 admitted students race for 20 trials of 25 seats through the HTTP API
 * (a tenth of them double-click). Prints throughput, latency, seats taken,
 * overbooking and duplicate enrollments, and as the baseline the rate of
 * bare single-row conditional UPDATEs on the same database in the same run.
 * The clients run in a child process, the server in this one.
 * Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
import { performance } from "node:perf_hooks";
import { and, inArray, sql } from "drizzle-orm";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import { consents, enrollments, seasonCalendar, trials } from "@bilet/db";
import { postFromChild } from "./http-clients.ts";
import { createFamilies, startBenchServer } from "./setup.ts";
import { percentile, pool, round } from "./stats.ts";

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const TRIALS = 20;
const SEATS = 25;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const bench = await startBenchServer();
const { server, db } = bench;
console.log(`server on ${server.url} (${bench.kind}); preparing ${STUDENTS} admitted students and ${TRIALS} trials of ${SEATS} seats…`);

const families = await createFamilies(db, STUDENTS, `eb${Date.now().toString(36)}`);
for (let i = 0; i < families.length; i += 500) {
  await db.insert(consents).values(families.slice(i, i + 500).map((f) => ({ parentId: f.parentId, studentId: f.studentId, documentVersion: CURRENT_CONSENT_VERSION, method: "password" as const })));
}
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
await db.insert(seasonCalendar).values({ id: 1, registrationOpensOn: day(-30), esiaOpensOn: day(-30), trialsStartOn: day(-1), trialsEndOn: day(60), recommendationsOn: day(70) }).onConflictDoNothing();
const created = await db
  .insert(trials)
  .values(
    Array.from({ length: TRIALS }, (_, i) => ({
      competencyCode: "web-technologies",
      title: `Нагрузочная проба ${i + 1}`,
      level: "intro" as const,
      format: "online" as const,
      link: "https://example.ru/room",
      startsAt: new Date(Date.now() + (5 + i) * 86_400_000),
      durationMinutes: 60,
      capacity: SEATS,
      minGrade: 6,
      maxGrade: 11,
      enrollDeadline: new Date(Date.now() + 4 * 86_400_000),
    })),
  )
  .returning({ id: trials.id });
const trialIds = created.map((t) => t.id);

const students = await Promise.all(
  families.map(async (f, i) => {
    const { cookie } = await server.deps.sessions.create(f.studentId, { ip: "127.0.0.1", userAgent: "bench" });
    return { cookie: cookie.split(";")[0]!, trialId: trialIds[i % TRIALS]!, doubleClick: i % 10 === 0 };
  }),
);
const requests = students.flatMap((s) => (s.doubleClick ? [s, s] : [s]));

const eluBefore = performance.eventLoopUtilization();
const { latencies, failures, seconds } = await postFromChild({
  baseUrl: server.url,
  requests: requests.map((s) => ({ path: "/trpc/trials.enroll", cookie: s.cookie, body: { trialId: s.trialId } })),
  concurrency: CONCURRENCY,
});
// How busy the server's event loop was: near 100% means the server process, not the database, set the pace.
const serverBusy = performance.eventLoopUtilization(eluBefore).utilization;

const held = await db
  .select({ trialId: enrollments.trialId, n: sql<number>`count(*)::int` })
  .from(enrollments)
  .where(and(inArray(enrollments.trialId, trialIds), inArray(enrollments.status, ["awaiting_approval", "confirmed"])))
  .groupBy(enrollments.trialId);
const taken = held.reduce((sum, r) => sum + r.n, 0);
const overbooked = held.reduce((sum, r) => sum + Math.max(0, r.n - SEATS), 0);
const duplicated = await db
  .select({ trialId: enrollments.trialId, studentId: enrollments.studentId })
  .from(enrollments)
  .where(inArray(enrollments.status, ["awaiting_approval", "confirmed", "waitlisted"]))
  .groupBy(enrollments.trialId, enrollments.studentId)
  .having(sql`count(*) > 1`);
const stored = await db.select({ seatsTaken: trials.seatsTaken }).from(trials).where(inArray(trials.id, trialIds));
const counterTotal = stored.reduce((s, t) => s + t.seatsTaken, 0);

// Baseline: bare single-row conditional UPDATEs, same database, same concurrency.
await db.execute(sql`create table if not exists bench_counter (id int primary key, n int not null, cap int not null)`);
await db.execute(sql`insert into bench_counter values (1, 0, 1000000000) on conflict (id) do update set n = 0`);
const BASELINE_OPS = requests.length;
const baselineStart = performance.now();
await pool(Array.from({ length: BASELINE_OPS }), CONCURRENCY, async () => {
  await db.execute(sql`update bench_counter set n = n + 1 where id = 1 and n < cap returning n`);
});
const baselineRps = BASELINE_OPS / ((performance.now() - baselineStart) / 1000);

const result = {
  students: STUDENTS,
  seats: TRIALS * SEATS,
  taken,
  overbooked,
  duplicates: duplicated.length,
  throughput_rps: round(requests.length / seconds),
  p50_ms: round(percentile(latencies, 50)),
  p99_ms: round(percentile(latencies, 99)),
  baseline_rps: round(baselineRps),
};
console.log(`database: ${bench.kind}; ${requests.length} enrollment requests (${requests.length - STUDENTS} double clicks), ${CONCURRENCY} in flight, ${failures} refused`);
console.log(`seats taken ${taken} of ${TRIALS * SEATS} (counter on trials: ${counterTotal}); overbooked ${overbooked}; duplicate enrollments ${result.duplicates}`);
console.log(`enrollment through the API: ${result.throughput_rps} req/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms; server event loop busy ${round(100 * serverBusy)}%`);
console.log(`baseline, bare conditional UPDATE: ${result.baseline_rps} ops/s (API reaches ${round((100 * result.throughput_rps) / result.baseline_rps)}% of it)`);
console.log(JSON.stringify(result));
await bench.close();
process.exit(0);
