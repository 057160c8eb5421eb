import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { asc, sql } from "drizzle-orm";
import { loadEnv, type Env } from "@bilet/config";
import { coreDepsFromEnv, PERIODIC_JOBS, startBackgroundWork, type JobLog, type JobRunner, type PeriodicJob } from "@bilet/core";
import { jobSchedule, migrateDatabase, openDatabase, type DatabaseHandle } from "@bilet/db";
import { transportFromEnv, type MailTransport } from "@bilet/mail";

/** A setting that makes a worker pointless or harmful; the message is for the operator. */
export class WorkerConfigError extends Error {}

export interface WorkerOptions {
  /** Environment to use instead of process.env (tests). */
  env?: Env;
  /** An already open and migrated database (tests); otherwise opened from DATABASE_URL. */
  handle?: DatabaseHandle;
  /** The jobs to run (default every periodic job). */
  jobs?: PeriodicJob[];
  /** Where letters go (default SMTP_URL, or the dev mailbox). */
  transport?: MailTransport;
  /** Names this worker in logs and in job_schedule (default host:pid). */
  workerId?: string;
  /** How often each job asks whether its round is due (default a quarter of its interval, 1–30 s). */
  pollMs?: number;
  /** False: rounds run only through `jobs.runDue()` (tests). */
  timers?: boolean;
  log?: JobLog;
}

export interface RunningWorker {
  id: string;
  handle: DatabaseHandle;
  jobs: JobRunner;
  jobNames: string[];
  /** Port of GET /health when WORKER_HEALTH_PORT is set. */
  healthPort: number | null;
  /** Lets running rounds end (retention stops between batches), then closes the database. */
  stop(): Promise<void>;
}

const timestamped: JobLog = {
  info: (line) => console.log(`${new Date().toISOString()} [worker] ${line}`),
  error: (line, error) => console.error(`${new Date().toISOString()} [worker] ${line}`, error),
};

/**
 * Runs the periodic jobs and the outbox sender against PostgreSQL. Any number
 * of workers (and web servers with RUN_JOBS=true) may run side by side: each
 * job's round is claimed in job_schedule, letters with SKIP LOCKED.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const env = options.env ?? loadEnv();
  if (!options.handle && !env.DATABASE_URL) {
    throw new WorkerConfigError(
      "Фоновому процессу нужна PostgreSQL (DATABASE_URL). Встроенную базу PGlite открывает только один процесс: " +
        "без DATABASE_URL фоновые задачи работают в процессе веб-сервера (npm start).",
    );
  }
  const handle = options.handle ?? (await openDatabase({ databaseUrl: env.DATABASE_URL, maxConnections: 4 }));
  const ownsHandle = !options.handle;
  try {
    // Under the same advisory lock as the web servers': whoever starts first migrates.
    if (ownsHandle) await migrateDatabase(handle, env.DATABASE_URL);
  } catch (error) {
    await handle.close();
    throw error;
  }

  const id = options.workerId ?? `${hostname()}:${process.pid}`;
  const jobs = options.jobs ?? PERIODIC_JOBS;
  const deps = coreDepsFromEnv(env, handle.db);
  const background = startBackgroundWork(deps, {
    transport: options.transport ?? transportFromEnv(env),
    jobs,
    workerId: id,
    pollMs: options.pollMs,
    timers: options.timers,
    log: options.log ?? timestamped,
  });

  const health = env.WORKER_HEALTH_PORT === undefined ? null : await serveHealth(handle, id, env.WORKER_HEALTH_PORT);

  let stopped: Promise<void> | null = null;
  return {
    id,
    handle,
    jobs: background.jobs,
    jobNames: jobs.map((j) => j.name),
    healthPort: health ? (health.address() as AddressInfo).port : null,
    stop() {
      stopped ??= (async () => {
        if (health) await new Promise<void>((done) => health.close(() => done()));
        await background.stop();
        if (ownsHandle) await handle.close();
      })();
      return stopped;
    },
  };
}

/**
 * GET /health: 200 while the database answers, with each job's last round
 * (from job_schedule, shared by all workers); 503 when it does not.
 */
async function serveHealth(handle: DatabaseHandle, workerId: string, port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" || req.url !== "/health") {
      res.writeHead(404).end();
      return;
    }
    try {
      await handle.db.execute(sql`select 1`);
      const jobs = await handle.db
        .select({ name: jobSchedule.name, lastWorker: jobSchedule.lastWorker, lastFinishedAt: jobSchedule.lastFinishedAt, nextRunAt: jobSchedule.nextRunAt, lastResult: jobSchedule.lastResult, lastError: jobSchedule.lastError })
        .from(jobSchedule)
        .orderBy(asc(jobSchedule.name));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", database: "ok", worker: workerId, jobs }));
    } catch {
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ status: "unavailable", database: "unavailable", worker: workerId }));
    }
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(port, done);
  });
  return server;
}
