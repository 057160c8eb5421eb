/**
 * npm run bench:enrollment
 *
 * 2,000 admitted students (BENCH_STUDENTS) race for 20 trials of 25 seats
 * through the HTTP API (a tenth of them double-click). Prints throughput,
 * latency, refused requests, seats taken, overbooking and duplicate
 * enrollments, and as the baseline the rate of bare conditional UPDATEs on
 * the same database in the same run, spread like the real load: request i
 * goes to trial i % 20, so the baseline updates row i % 20 of 20, with as
 * many in flight. The clients run in a child process, the server in this one.
 * Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
 *
 * BENCH_FILL=1 (PostgreSQL only) first fills the database at the season's
 * scale with fill.ts (1,000,000 students; BENCH_FILL_STUDENTS lowers it), so
 * the race runs among everyone else's rows.
 */
import { performance } from "node:perf_hooks";
import { and, inArray, sql } from "drizzle-orm";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import { consents, enrollments, openDatabase, queryRows, seasonCalendar, trials } from "@bilet/db";
import { fill, scalePlan } from "./fill.ts";
import { postFromChild } from "./http-clients.ts";
import { createBenchDatabase, dropAll, requirePostgres, type BenchDatabase } from "./pg.ts";
import { createFamilies, startBenchServer } from "./setup.ts";
import { percentile, pool, round } from "./stats.ts";

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const TRIALS = 20;
const SEATS = 25;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const FILL = process.env.BENCH_FILL === "1" || process.env.BENCH_FILL === "true";
const FILL_STUDENTS = FILL ? Number(process.env.BENCH_FILL_STUDENTS ?? 1_000_000) : 0;

let filled: BenchDatabase | null = null;
try {
  if (FILL) {
    const serverUrl = requirePostgres("bench:enrollment (BENCH_FILL=1)");
    filled = await createBenchDatabase(serverUrl, "bilet_enrollment_filled");
    await fill({ url: filled.url, plan: scalePlan(FILL_STUDENTS) });
  }
  const bench = await startBenchServer(filled ? { handle: await openDatabase({ databaseUrl: filled.url, maxConnections: 20 }) } : {});
  const { server, db } = bench;
  const where = filled ? `a database filled with ${FILL_STUDENTS.toLocaleString("en")} students` : "an empty database";
  console.log(`server on ${server.url} (${bench.kind}, ${where}); preparing ${STUDENTS} admitted students and ${TRIALS} trials of ${SEATS} seats…`);

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

  // Baseline: bare conditional UPDATEs of a seat counter, same database, same concurrency, and spread
  // like the real load: the request that went to trial k updates row k of 20.
  await db.execute(sql`create table if not exists bench_counter (id int primary key, n int not null, cap int not null)`);
  await db.execute(sql`insert into bench_counter select k, 0, 1000000000 from generate_series(0, ${TRIALS - 1}) k on conflict (id) do update set n = 0`);
  const rowOf = new Map(trialIds.map((id, k) => [id, k]));
  const baselineRows = requests.map((r) => rowOf.get(r.trialId)!);
  const baselineStart = performance.now();
  await pool(baselineRows, CONCURRENCY, async (row) => {
    await db.execute(sql`update bench_counter set n = n + 1 where id = ${row} and n < cap returning n`);
  });
  const baselineRps = baselineRows.length / ((performance.now() - baselineStart) / 1000);
  const [counters] = (await queryRows<{ rows: number; total: number }>(db, sql`select count(*) filter (where n > 0)::int as rows, sum(n)::int as total from bench_counter`)) as [{ rows: number; total: number }];
  await db.execute(sql`drop table bench_counter`);

  const result = {
    students: STUDENTS,
    fill_students: FILL_STUDENTS,
    seats: TRIALS * SEATS,
    taken,
    overbooked,
    duplicates: duplicated.length,
    requests: requests.length,
    refused: failures,
    throughput_rps: round(requests.length / seconds),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    baseline_rps: round(baselineRps),
  };
  console.log(`database: ${bench.kind}, ${where}; ${requests.length} enrollment requests (${requests.length - STUDENTS} double clicks), ${CONCURRENCY} in flight, ${failures} refused (answers other than 2xx)`);
  console.log(`seats taken ${taken} of ${TRIALS * SEATS} (counter on trials: ${counterTotal}); overbooked ${overbooked}; duplicate enrollments ${result.duplicates}`);
  console.log(`enrollment through the API: ${result.throughput_rps} req/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms; server event loop busy ${round(100 * serverBusy)}%`);
  console.log(`baseline, bare conditional UPDATE over ${counters.rows} rows (${counters.total} updates): ${result.baseline_rps} ops/s (API reaches ${round((100 * result.throughput_rps) / result.baseline_rps)}% of it)`);
  console.log(JSON.stringify(result));
  await bench.close();
  await filled?.drop();
  process.exit(0);
} catch (error) {
  console.error(error);
  await dropAll();
  process.exit(1);
}
