import { setTimeout as sleep } from "node:timers/promises";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@bilet/config";
import { createAccount, PERIODIC_JOBS, type JobLog, type PeriodicJob } from "@bilet/core";
import { emailOutbox, invitations, jobSchedule, notifications, openDatabase, type DatabaseHandle } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { captureTransport, enqueueEmail } from "@bilet/mail";
import { startWorker, WorkerConfigError, type RunningWorker, type WorkerOptions } from "./worker.ts";

const quiet: JobLog = { info: () => {}, error: () => {} };
const env = parseEnv({ NODE_ENV: "test", SEED_DEMO: "false" });

let db: TestDatabase;
/** The second worker's own connection pool on PostgreSQL; the same embedded database on PGlite. */
let second: DatabaseHandle;
const running: RunningWorker[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  second = db.url ? await openDatabase({ databaseUrl: db.url, maxConnections: 4 }) : db;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()));
});
afterAll(async () => {
  if (second !== db) await second?.close();
  await db?.close();
});

/** Two workers on one database, each with its own client where the database allows it. */
async function twoWorkers(options: Omit<WorkerOptions, "handle" | "workerId">) {
  const a = await startWorker({ env, transport: captureTransport, log: quiet, ...options, handle: db, workerId: "worker-a" });
  const b = await startWorker({ env, transport: captureTransport, log: quiet, ...options, handle: second, workerId: "worker-b" });
  running.push(a, b);
  return [a, b] as const;
}

/** Makes the job's next round due now, as if its interval had passed. */
const nextRoundDue = (name: string) => db.db.update(jobSchedule).set({ nextRunAt: sql`now()` }).where(eq(jobSchedule.name, name));

describe("two workers on one database", () => {
  it("run each job once per round", async () => {
    let rounds = 0;
    const counter: PeriodicJob = {
      name: "test:counter",
      intervalMs: 60 * 60_000,
      async run() {
        rounds += 1;
        // Long enough that both workers' rounds would overlap if both started one.
        await sleep(50);
        return 1;
      },
    };
    const [a, b] = await twoWorkers({ jobs: [counter], timers: false });
    for (let round = 1; round <= 5; round++) {
      const [ranA, ranB] = await Promise.all([a.jobs.runDue(), b.jobs.runDue()]);
      expect(ranA.length + ranB.length).toBe(1);
      expect(rounds).toBe(round);
      // Until the interval has passed, neither runs it again.
      expect([...(await a.jobs.runDue()), ...(await b.jobs.runDue())]).toEqual([]);
      await nextRoundDue(counter.name);
    }
    const [row] = await db.db.select().from(jobSchedule).where(eq(jobSchedule.name, counter.name));
    expect(["worker-a", "worker-b"]).toContain(row!.lastWorker);
    expect(row!.lockedUntil).toBeNull();
    expect(row!.lastResult).toBe("1 row");
  });

  it("run each round once on their own timers, however often they poll", async () => {
    let rounds = 0;
    const counter: PeriodicJob = { name: "test:timers", intervalMs: 60 * 60_000, run: async () => void (rounds += 1) };
    await twoWorkers({ jobs: [counter], pollMs: 20 });
    await sleep(600);
    expect(rounds).toBe(1);
    await nextRoundDue(counter.name);
    await sleep(400);
    expect(rounds).toBe(2);
  });

  it("tell an inviter once about each expired invitation (the real job)", async () => {
    const inviter = (await createAccount(db.db, { role: "student", email: "inviter@worker.test", passwordHash: null, lastName: "Приглашающий", firstName: "Пётр", student: { birthDate: "2011-03-01", grade: 8, regionCode: "77", school: "Школа № 1" } }))!.id;
    await db.db.insert(invitations).values(
      ["a", "b", "c"].map((x) => ({ inviterId: inviter, inviteeEmail: `${x}@worker.test`, inviteeRole: "parent" as const, tokenHash: `expired-${x}`, expiresAt: sql`now() - interval '1 hour'` })) as never,
    );
    const job = PERIODIC_JOBS.find((j) => j.name === "invitation-expiry")!;
    const [a, b] = await twoWorkers({ jobs: [job], timers: false });
    const ran = (await Promise.all([a.jobs.runDue(), b.jobs.runDue(), a.jobs.runDue(), b.jobs.runDue()])).flat();
    expect(ran).toEqual(["invitation-expiry"]);
    const told = await db.db.select().from(notifications).where(and(eq(notifications.userId, inviter), eq(notifications.type, "family.invitation_expired")));
    expect(told).toHaveLength(3);
  });

  it("send each letter of the outbox once", async () => {
    await twoWorkers({ jobs: [] });
    for (let i = 0; i < 30; i++) await enqueueEmail(db.db, `family${i}@worker.test`, { subject: `Письмо ${i}`, text: "текст", html: "<p>текст</p>", template: "test" });
    let captured: { attempts: number }[] = [];
    for (let t = 0; t < 50 && captured.length < 30; t++) {
      await sleep(100);
      captured = await db.db.select({ attempts: emailOutbox.attempts }).from(emailOutbox).where(eq(emailOutbox.status, "captured"));
    }
    expect(captured).toHaveLength(30);
    expect(captured.every((c) => c.attempts === 1)).toBe(true);
  });
});

describe("a worker", () => {
  it("takes over a round whose worker died, once its lease is over", async () => {
    let rounds = 0;
    const job: PeriodicJob = { name: "test:lease", intervalMs: 60_000, run: async () => void (rounds += 1) };
    // A worker claimed the round and died: the row says it runs for another hour.
    await db.db.insert(jobSchedule).values({ name: job.name, nextRunAt: sql`now() - interval '1 minute'`, lockedUntil: sql`now() + interval '1 hour'`, claimToken: "dead", lastWorker: "dead-worker" });
    const [a] = await twoWorkers({ jobs: [job], timers: false });
    expect(await a.jobs.runDue()).toEqual([]);
    await db.db.update(jobSchedule).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(jobSchedule.name, job.name));
    expect(await a.jobs.runDue()).toEqual([job.name]);
    expect(rounds).toBe(1);
  });

  it("records a failed round and runs the job again in the next one", async () => {
    const errors: string[] = [];
    const job: PeriodicJob = {
      name: "test:failing",
      intervalMs: 60_000,
      async run() {
        throw new Error("база недоступна");
      },
    };
    const w = await startWorker({ env, handle: db, jobs: [job], transport: captureTransport, timers: false, log: { info: () => {}, error: (line) => errors.push(line) } });
    running.push(w);
    expect(await w.jobs.runDue()).toEqual([job.name]);
    const [row] = await db.db.select().from(jobSchedule).where(eq(jobSchedule.name, job.name));
    expect(row).toMatchObject({ lastError: "база недоступна", lockedUntil: null });
    expect(errors).toEqual(["job test:failing failed:"]);
    expect(await w.jobs.runDue()).toEqual([]);
  });

  it("stops gracefully: a long round ends between batches and leaves the job due at once", async () => {
    let batches = 0;
    let started!: () => void;
    const isRunning = new Promise<void>((done) => (started = done));
    const job: PeriodicJob = {
      name: "test:long",
      intervalMs: 60 * 60_000,
      async run(_deps, { signal }) {
        started();
        while (!signal.aborted) {
          batches += 1;
          await sleep(10);
        }
        return { rows: batches, batches, more: true };
      },
    };
    const w = await startWorker({ env, handle: db, jobs: [job], transport: captureTransport, log: quiet });
    await isRunning;
    await w.stop();
    const [row] = await db.db.select({ lockedUntil: jobSchedule.lockedUntil, due: sql<boolean>`${jobSchedule.nextRunAt} <= now()`, lastResult: jobSchedule.lastResult }).from(jobSchedule).where(eq(jobSchedule.name, job.name));
    expect(row).toEqual({ lockedUntil: null, due: true, lastResult: expect.stringMatching(/more left$/) });
  });

  it("answers GET /health with the jobs' last rounds", async () => {
    const w = await startWorker({ env: parseEnv({ NODE_ENV: "test", WORKER_HEALTH_PORT: "0" }), handle: db, jobs: [], transport: captureTransport, log: quiet });
    running.push(w);
    const res = await fetch(`http://127.0.0.1:${w.healthPort}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; jobs: { name: string }[] };
    expect(body.status).toBe("ok");
    expect(body.jobs.map((j) => j.name)).toContain("test:counter");
  });

  it("refuses to start on PGlite, whose folder the web server holds", async () => {
    await expect(startWorker({ env: parseEnv({ NODE_ENV: "test" }) })).rejects.toThrow(WorkerConfigError);
    await expect(startWorker({ env: parseEnv({ NODE_ENV: "test" }) })).rejects.toThrow(/DATABASE_URL/);
  });
});
