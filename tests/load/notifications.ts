/**
 * npm run bench:notifications
 *
 * 2,000 authenticated sockets on one instance; 2,000 notifications caused
 * through the HTTP API (each parent gives consent, the child is told live).
 * Prints delivered / lost / duplicated / misdelivered and the latency from
 * the API response to the socket receipt, and the same latency for a bare
 * socket.io emit to the same sockets at the same rate, as the baseline.
 * Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import { userRoom, type ClientToServerEvents, type ServerToClientEvents } from "@bilet/validators";
import { httpClient } from "../support/http.ts";
import { createFamilies, startBenchServer } from "./setup.ts";
import { percentile, pool, round } from "./stats.ts";

const N = Number(process.env.BENCH_SOCKETS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SETTLE_MS = 10_000;

const bench = await startBenchServer();
const { server, db } = bench;
console.log(`server on ${server.url} (${bench.kind}); preparing ${N} families…`);
const families = await createFamilies(db, N, `nb${Date.now().toString(36)}`);

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const sockets: Client[] = [];
const receipts = new Map<string, { at: number; socket: number }[]>(); // notification id → receipts
const misdelivered: string[] = [];
const baselineAt = new Map<string, number>();
const baselineLatencies: number[] = [];

await pool(families, 100, async (family, i) => {
  const { cookie } = await server.deps.sessions.create(family.studentId, { ip: "127.0.0.1", userAgent: "bench" });
  const socket: Client = io(server.url, { transports: ["websocket"], extraHeaders: { cookie: cookie.split(";")[0]! }, reconnection: false });
  socket.on("notification:created", ({ notification }) => {
    const at = performance.now();
    if (notification.type === "bench.baseline") {
      const sent = baselineAt.get(notification.id);
      if (sent !== undefined && notification.data.studentIndex === i) baselineLatencies.push(at - sent);
      return;
    }
    if (notification.data.parentId !== family.parentId) misdelivered.push(notification.id);
    const list = receipts.get(notification.id) ?? [];
    list.push({ at, socket: i });
    receipts.set(notification.id, list);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("notification:synced", () => resolve());
    socket.once("connect_error", reject);
  });
  sockets.push(socket);
});
console.log(`${sockets.length} sockets connected and authenticated`);

// Each parent signs in once (a session, no password round) and gives consent through the API.
const parents = await Promise.all(
  families.map(async (f) => {
    const { cookie } = await server.deps.sessions.create(f.parentId, { ip: "127.0.0.1", userAgent: "bench" });
    const client = httpClient(server.url, { batch: false });
    return { client, cookie: cookie.split(";")[0]!, studentId: f.studentId };
  }),
);

const requestAt = new Map<string, number>(); // studentId → API request start
const responseAt = new Map<string, number>(); // studentId → API response time
const started = performance.now();
let failures = 0;
await pool(parents, CONCURRENCY, async (p) => {
  requestAt.set(p.studentId, performance.now());
  const res = await fetch(`${server.url}/trpc/consent.give`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: p.cookie },
    body: JSON.stringify({ studentId: p.studentId, version: CURRENT_CONSENT_VERSION }),
  });
  responseAt.set(p.studentId, performance.now());
  if (!res.ok) failures += 1;
});
const sendSeconds = (performance.now() - started) / 1000;
const rate = parents.length / sendSeconds;

// Let stragglers arrive.
const deadline = performance.now() + SETTLE_MS;
while (performance.now() < deadline && [...receipts.values()].length < parents.length) await new Promise((r) => setTimeout(r, 50));

const latencies: number[] = [];
const endToEnd: number[] = [];
let delivered = 0;
let duplicated = 0;
for (const list of receipts.values()) {
  const student = families[list[0]!.socket]!.studentId;
  delivered += 1;
  duplicated += list.length - 1;
  // Both follow the commit, so the socket often beats the HTTP response: then the figure is negative.
  latencies.push(list[0]!.at - responseAt.get(student)!);
  endToEnd.push(list[0]!.at - requestAt.get(student)!);
}
const lost = parents.length - failures - delivered;

// Baseline: a bare emit to each socket's room, at the rate the API achieved.
const interval = 1000 / rate;
for (let i = 0; i < families.length; i++) {
  const id = `baseline-${i}`;
  baselineAt.set(id, performance.now());
  server.io.to(userRoom(families[i]!.studentId)).emit("notification:created", {
    notification: { id, type: "bench.baseline", title: "baseline", body: "", link: null, data: { studentIndex: i }, readAt: null, createdAt: new Date().toISOString() },
    unreadCount: 0,
  });
  if (i % CONCURRENCY === CONCURRENCY - 1) await new Promise((r) => setTimeout(r, interval * CONCURRENCY));
}
const baselineDeadline = performance.now() + SETTLE_MS;
while (performance.now() < baselineDeadline && baselineLatencies.length < families.length) await new Promise((r) => setTimeout(r, 50));

const result = {
  sockets: sockets.length,
  sent: parents.length - failures,
  delivered,
  lost,
  duplicated,
  misdelivered: misdelivered.length,
  p50_ms: round(percentile(latencies, 50)),
  p99_ms: round(percentile(latencies, 99)),
  baseline_p50_ms: round(percentile(baselineLatencies, 50)),
  baseline_p99_ms: round(percentile(baselineLatencies, 99)),
};
console.log(`database: ${bench.kind}; API throughput ${round(rate)} notifications/s (${CONCURRENCY} requests in flight); ${failures} API failures`);
console.log(`delivered ${result.delivered}, lost ${result.lost}, duplicated ${result.duplicated}, misdelivered ${result.misdelivered}`);
console.log(`API response → socket receipt: p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms (negative: the socket arrived before the HTTP response)`);
console.log(`API request start → socket receipt: p50 ${round(percentile(endToEnd, 50))} ms, p99 ${round(percentile(endToEnd, 99))} ms`);
console.log(`bare socket.io emit → receipt (baseline): p50 ${result.baseline_p50_ms} ms, p99 ${result.baseline_p99_ms} ms`);
console.log(JSON.stringify(result));

sockets.forEach((s) => s.disconnect());
await bench.close();
process.exit(0);
