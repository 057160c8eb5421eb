/**
 * npm run bench:scale (PostgreSQL only: DATABASE_URL names a server)
 *
 * Fills a fresh database at the season's scale with set SQL (tests/load/fill.ts:
 * 1,000,000 students by default, BENCH_STUDENTS lowers it) and a second one
 * almost empty (a handful of rows of each kind, the same shapes), starts the
 * real, built server on each as a child process (NODE_ENV=production, ports
 * BENCH_PORT and BENCH_PORT + 1), and times every page of the issue, signed in
 * as people with typical data, alternating request by request between the
 * two servers so that anything else the machine does hits both alike. Both
 * databases are dropped at the end.
 *
 * Last line: {"students", "fill_seconds", "pages": {name: {p50_ms, p99_ms, empty_p99_ms}}, "worst_ratio"},
 * worst_ratio being the largest p99 (filled) / p99 (empty) over the pages.
 *
 * BENCH_STUDENTS (1,000,000), BENCH_REQUESTS per page and server (200), BENCH_PORT (3230),
 * BENCH_FILL_JOBS statements side by side while filling (2), BENCH_PAGES a
 * comma-separated subset of the page names (all by default).
 */
import { performance } from "node:perf_hooks";
import { startAppChild, type AppChild } from "./app-process.ts";
import { fill, scalePlan, tinyPlan, type FillPlan } from "./fill.ts";
import { measurePages, pagesFor, pickCast, signIn, type PageFigures, type PageSpec } from "./pages.ts";
import { createBenchDatabase, dropAll, requirePostgres, type BenchDatabase } from "./pg.ts";
import { percentile, round } from "./stats.ts";

const serverUrl = requirePostgres("bench:scale");
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3230);
const JOBS = Number(process.env.BENCH_FILL_JOBS ?? 2);
/** Only these pages (comma-separated names), e.g. BENCH_PAGES="staff trial list,staff cabinet". */
const ONLY = process.env.BENCH_PAGES ? new Set(process.env.BENCH_PAGES.split(",").map((s) => s.trim())) : null;
const started = performance.now();
const clock = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[scale ${clock()}] ${line}`);

interface Prepared {
  label: string;
  pages: PageSpec[];
  fillSeconds: number;
  app: AppChild;
  database: BenchDatabase;
}

/** A fresh database filled by `plan`, sessions for the cast, and the built server on it. */
async function prepare(label: string, plan: FillPlan, port: number): Promise<Prepared> {
  log(`${label}: creating and migrating a fresh database…`);
  const database = await createBenchDatabase(serverUrl, `bilet_scale_${label}`);
  const filled = await fill({ url: database.url, plan, jobs: JOBS, label: `fill ${label}` });
  const cast = await pickCast(database.url, plan.students);
  log(`${label}: signed in as a student with ${cast.notifications} notices and ${cast.enrollments} enrollments, the student's parent, the mentor of the student's upcoming trial, a staff member`);
  const cookies = await signIn(database.url, [cast.student.id, cast.parent.id, cast.mentor.id, cast.staff.id]);
  const app = await startAppChild({ port, databaseUrl: database.url, mode: "production" });
  log(`${label}: server up on ${app.url}`);
  const pages = pagesFor(cast, cookies)
    .filter((p) => !ONLY || ONLY.has(p.name))
    .map((p) => ({ ...p, baseUrl: app.url }));
  return { label, pages, fillSeconds: filled.seconds, app, database };
}

const prepared: Prepared[] = [];
try {
  prepared.push(await prepare("filled", scalePlan(STUDENTS), PORT));
  prepared.push(await prepare("empty", tinyPlan(), PORT + 1));
  const [scaledRun, emptyRun] = prepared as [Prepared, Prepared];
  // Page by page, the filled server then the empty one: whatever else the machine does hits both alike.
  const interleaved = scaledRun.pages.flatMap((p, i) => [p, emptyRun.pages[i]!]);
  const key = (p: PageSpec) => `${p.baseUrl === scaledRun.app.url ? "filled" : "empty"}:${p.name}`;
  log(`${REQUESTS} requests of each page on each server, one at a time, alternating between the servers…`);
  let figures: Map<string, PageFigures>;
  try {
    figures = await measurePages(interleaved, REQUESTS, { log, key });
  } catch (error) {
    for (const run of prepared) console.error(`${run.label} server output (last lines):\n${run.app.output().split("\n").slice(-30).join("\n")}`);
    throw error;
  }
  await Promise.all(prepared.map((run) => run.app.stop()));
  await Promise.all(prepared.map((run) => run.database.drop()));

  const pages: Record<string, { p50_ms: number; p99_ms: number; empty_p99_ms: number }> = {};
  let worst = 0;
  console.log("");
  console.log(`page                     filled p50 / p99 ms     empty p50 / p99 ms    p99 ratio   size (gzip)`);
  for (const { name } of scaledRun.pages) {
    const f = figures.get(`filled:${name}`)!;
    const e = figures.get(`empty:${name}`)!;
    const p99 = percentile(f.latencies, 99);
    const emptyP99 = percentile(e.latencies, 99);
    const ratio = p99 / emptyP99;
    worst = Math.max(worst, ratio);
    pages[name] = { p50_ms: round(percentile(f.latencies, 50)), p99_ms: round(p99), empty_p99_ms: round(emptyP99) };
    console.log(
      `${name.padEnd(24)} ${`${round(percentile(f.latencies, 50))} / ${round(p99)}`.padStart(18)} ${`${round(percentile(e.latencies, 50))} / ${round(emptyP99)}`.padStart(22)} ${`${round(ratio, 2)}×`.padStart(12)} ${`${round(f.bytes / 1024)} KB`.padStart(12)}`,
    );
  }
  console.log("");
  log(`done: the fill of ${STUDENTS.toLocaleString("en")} students took ${round(scaledRun.fillSeconds)} s; worst p99 ratio ${round(worst, 2)}`);
  console.log(JSON.stringify({ students: STUDENTS, fill_seconds: round(scaledRun.fillSeconds), pages, worst_ratio: round(worst, 2) }));
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await Promise.allSettled(prepared.map((run) => run.app.stop()));
  await dropAll();
  process.exit(1);
}
