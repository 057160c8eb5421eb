/**
 * npm run bench:notifications (PostgreSQL only: DATABASE_URL names a server)
 *
 * Two app instances (apps/web/server/index.ts --api-only, NODE_ENV=production,
 * each its own process) on one fresh database; 10,000 students' sockets
 * (BENCH_SOCKETS) spread over both instances and over BENCH_CLIENTS client
 * processes (4), each client process also sending the causing requests of
 * its own recipients, so the send time and the receipt are read from one
 * clock, and never in a server's process.
 *
 * Two phases with the same sockets and clients, each at the same steady rate
 * (BENCH_RATE requests a second in all, 100 by default, open loop: a request
 * leaves at its time whether or not earlier ones were answered), each after a
 * warm-up round of its own kind at that rate to BENCH_WARMUP other students
 * (1,000; their sockets stay connected throughout), so that what is measured
 * is a running server, not one compiling its code paths; the warm-up figures
 * are printed too. The filled tables are ANALYZEd first, as autovacuum would
 * have done on a database that has been running:
 * - baseline: POST /__bench__/echo on the instance that holds the recipient's
 *   socket (enabled by BENCH_ECHO=1): the handler emits straight to the
 *   socket, with no database and no session;
 * - notify: each parent gives consent through the API (POST
 *   /trpc/consent.give), half of the time on the other instance than the
 *   child's socket; the notice is stored in the transaction and reaches the
 *   socket through NOTIFY.
 * Latency runs from the moment the request is sent to the moment the
 * recipient's socket has the notice; a notice counts as delivered only when
 * its own recipient got it (see notification-clients.ts).
 *
 * Last line: {"sockets", "rate_per_s", "warmup_requests", "sent", "delivered", "lost", "misdelivered",
 * "p50_ms", "p99_ms", "baseline_p50_ms", "baseline_p99_ms", "duplicated", "failed"}.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import { openDatabase } from "@bilet/db";
import { startAppChild, type AppChild } from "./app-process.ts";
import { ask, forkClient, type PhaseResult, type Recipient } from "./notification-clients.ts";
import { createBenchDatabase, dropAll, requirePostgres } from "./pg.ts";
import { createFamilies } from "./setup.ts";
import { percentile, round } from "./stats.ts";

const serverUrl = requirePostgres("bench:notifications");
const N = Number(process.env.BENCH_SOCKETS ?? 10_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const CLIENTS = Math.max(1, Math.min(N, Number(process.env.BENCH_CLIENTS ?? 4)));
const PORT = Number(process.env.BENCH_PORT ?? 3232);
const SETTLE_MS = 10_000;
const started = performance.now();
const log = (line: string) => console.log(`[notifications ${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);

const apps: AppChild[] = [];
const clients = Array.from({ length: CLIENTS }, () => forkClient());
try {
  log(`creating a fresh database; ${N} + ${WARMUP} (warm-up) families (a parent and a child, linked, no consent yet)…`);
  const database = await createBenchDatabase(serverUrl, "bilet_notifications");
  const handle = await openDatabase({ databaseUrl: database.url, maxConnections: 4 });
  const families = await createFamilies(handle.db, N + WARMUP, "nb");
  await handle.close();

  // Signed in as signing in would: a session row per person.
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const cookieOf = new Map<string, string>();
  const people = families.flatMap((f) => [f.parentId, f.studentId]);
  for (let i = 0; i < people.length; i += 1000) {
    const rows = people.slice(i, i + 1000).map((userId) => ({ id: randomBytes(20).toString("hex"), user_id: userId, expires_at: new Date(Date.now() + 14 * 86_400_000), ip: "127.0.0.1", user_agent: "bench" }));
    await sql`insert into sessions ${sql(rows)}`;
    for (const r of rows) cookieOf.set(r.user_id, `bilet_session=${r.id}`);
  }
  await sql`analyze`;

  log("starting two app instances on one database…");
  const env = { BENCH_ECHO: "1" };
  apps.push(...(await Promise.all([0, 1].map((i) => startAppChild({ port: PORT + i, databaseUrl: database.url, mode: "api-only", env })))));
  const urls = apps.map((a) => a.url);

  // Recipient j: socket on instance j % 2; its parent's request on instance (j >> 1) % 2 (half of them cross instances).
  const recipients: Recipient[] = families.map((f, j) => ({
    studentId: f.studentId,
    parentId: f.parentId,
    studentCookie: cookieOf.get(f.studentId)!,
    parentCookie: cookieOf.get(f.parentId)!,
    socketUrl: urls[j % 2]!,
    requestUrl: urls[(j >> 1) % 2]!,
    warmup: j >= N,
  }));
  const shares = clients.map((_, c) => recipients.filter((_, j) => j % CLIENTS === c));
  const connected = await Promise.all(clients.map((child, c) => ask(child, { type: "connect", recipients: shares[c]!, concurrency: 50 })));
  const sockets = connected.reduce((n, a) => n + (a.type === "connected" ? a.sockets : 0), 0);
  log(`${sockets} sockets connected and authenticated (${sockets / 2} on each instance) from ${CLIENTS} client processes`);

  async function phase(kind: PhaseResult["phase"], warmup = false) {
    const name = warmup ? `${kind} warm-up` : kind;
    const count = warmup ? WARMUP : N;
    log(`${name}: ${count} requests at ${RATE}/s (about ${round(count / RATE)} s)…`);
    const startAt = Date.now() + 1000;
    // Client c sends its k-th request at c/RATE + k·CLIENTS/RATE: together, one every 1/RATE seconds.
    const answers = await Promise.all(
      clients.map((child, c) =>
        ask(child, { type: "run", phase: kind, warmup, ratePerSecond: RATE / CLIENTS, offsetMs: (c * 1000) / RATE, startAt, settleMs: SETTLE_MS, consentVersion: CURRENT_CONSENT_VERSION }),
      ),
    );
    const results = answers.map((a) => (a as Extract<typeof a, { type: "result" }>).result);
    const sum = (k: "sent" | "failed" | "delivered" | "duplicated" | "misdelivered") => results.reduce((n, r) => n + r[k], 0);
    const latencies = results.flatMap((r) => r.latencies);
    const responses = results.flatMap((r) => r.responseLatencies);
    const sendSeconds = Math.max(...results.map((r) => r.sendSeconds));
    const figures = {
      sent: sum("sent"),
      failed: sum("failed"),
      delivered: sum("delivered"),
      duplicated: sum("duplicated"),
      misdelivered: sum("misdelivered"),
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      achievedRate: round((sum("sent") + sum("failed")) / Math.max(sendSeconds, 1e-9)),
    };
    log(
      `${name}: sent ${figures.sent} (${figures.failed} failed) at ${figures.achievedRate}/s; delivered ${figures.delivered}, lost ${figures.sent - figures.delivered}, duplicated ${figures.duplicated}, misdelivered ${figures.misdelivered}`,
    );
    log(`${name}: request sent → recipient's socket has it: p50 ${figures.p50} ms, p99 ${figures.p99} ms; request → HTTP answer: p50 ${round(percentile(responses, 50))} ms, p99 ${round(percentile(responses, 99))} ms`);
    return figures;
  }

  if (WARMUP > 0) await phase("baseline", true);
  const baseline = await phase("baseline");
  const notifyWarmup = WARMUP > 0 ? await phase("notify", true) : null;
  const notify = await phase("notify");
  const [{ stored }] = (await sql`select count(*)::int as stored from notifications where type = 'consent.given'`) as unknown as [{ stored: number }];
  log(`stored consent notices: ${stored} (of ${notify.sent + (notifyWarmup?.sent ?? 0)} successful requests, warm-up included)`);
  await sql.end();

  const result = {
    sockets,
    rate_per_s: RATE,
    warmup_requests: WARMUP,
    sent: notify.sent,
    delivered: notify.delivered,
    lost: notify.sent - notify.delivered,
    misdelivered: notify.misdelivered,
    p50_ms: notify.p50,
    p99_ms: notify.p99,
    baseline_p50_ms: baseline.p50,
    baseline_p99_ms: baseline.p99,
    duplicated: notify.duplicated,
    failed: notify.failed,
  };
  log(`p99 is ${round(result.p99_ms / result.baseline_p99_ms, 2)}× the baseline's (aim: 0 lost, within 3×)`);
  await Promise.all(clients.map((child) => child.send({ type: "close" })));
  await Promise.all(apps.map((a) => a.stop()));
  await database.drop();
  console.log(JSON.stringify(result));
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  for (const app of apps) console.error(`server ${app.url} (last lines):\n${app.output().split("\n").slice(-20).join("\n")}`);
  clients.forEach((child) => child.kill());
  await Promise.allSettled(apps.map((a) => a.stop()));
  await dropAll();
  process.exit(1);
}
