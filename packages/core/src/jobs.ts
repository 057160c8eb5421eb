import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { RETENTION_DEFAULTS } from "@bilet/config";
import { jobSchedule } from "@bilet/db";
import { startMailSender, type MailTransport } from "@bilet/mail";
import { eraseDueDeletions } from "./data-rights/deletion.ts";
import type { CoreDeps } from "./deps.ts";
import { notifyExpiredInvitations } from "./family.ts";
import { COUNTS_REFRESH_MS, refreshPlatformCounts } from "./platform-counts.ts";
import { expiredSessions, RETENTION_TASKS, runRetention, type RetentionRun, type RetentionTask } from "./retention.ts";
import { runSchoolYearMoveUp } from "./school-year.ts";
import { sendEmailDigests } from "./notifications/digest.ts";
import { remindMentorsOfTrials } from "./notifications/mentor-reminder.ts";
import { sendDuePushes } from "./notifications/push.ts";
import { expireStaleApprovals, remindPendingApprovals } from "./trials/enrollment.ts";

export interface JobContext {
  /** Aborted when the process stops: long rounds end between batches. */
  signal: AbortSignal;
}

export interface PeriodicJob {
  name: string;
  /** One round per this interval, whatever the number of workers. */
  intervalMs: number;
  run(deps: CoreDeps, context: JobContext): Promise<unknown>;
  /**
   * For work queues whose rounds claim rows with SKIP LOCKED and go faster in
   * parallel: every worker runs every round (no claim in job_schedule).
   */
  everyWorker?: boolean;
  /** How long a claimed round may take before another worker may take the job over (default 10 min). */
  leaseMs?: number;
}

const HOUR = 60 * 60_000;

const retentionJob = (task: RetentionTask, intervalMs = HOUR): PeriodicJob => ({
  name: `retention:${task.name}`,
  intervalMs,
  run: (deps, { signal }) => runRetention(deps.db, task, deps.retention ?? RETENTION_DEFAULTS, { signal }),
});

/**
 * Background work: in the workers (apps/worker), or in the web server with
 * RUN_JOBS=true (the default, and the only way on PGlite). A round runs once
 * per interval across all processes (claimed in job_schedule); its rows are
 * claimed with SKIP LOCKED as well, so even a taken-over round is safe.
 */
export const PERIODIC_JOBS: PeriodicJob[] = [
  { name: "invitation-expiry", intervalMs: 60_000, run: (deps) => notifyExpiredInvitations(deps.db) },
  { name: "approval-expiry", intervalMs: 60_000, run: (deps) => expireStaleApprovals(deps.db, deps.approvalHours) },
  // Notices beyond the cabinet (notifications/): reminders, email digests, push.
  { name: "approval-reminder", intervalMs: 60_000, run: (deps) => remindPendingApprovals(deps.db, deps.appOrigin) },
  { name: "mentor-reminder", intervalMs: 5 * 60_000, run: (deps) => remindMentorsOfTrials(deps.db) },
  { name: "email-digest", intervalMs: 30_000, everyWorker: true, run: (deps) => sendEmailDigests(deps.db, deps.appOrigin) },
  { name: "push-delivery", intervalMs: 10_000, everyWorker: true, run: (deps) => sendDuePushes(deps.db) },
  { ...retentionJob(expiredSessions), name: "session-cleanup" },
  { name: "school-year", intervalMs: 60 * 60_000, run: (deps) => runSchoolYearMoveUp(deps.db, { start: deps.schoolYearStart }) },
  { name: "data-deletion", intervalMs: 60_000, run: (deps) => eraseDueDeletions(deps.db) },
  { name: "platform-counts", intervalMs: COUNTS_REFRESH_MS, run: (deps) => refreshPlatformCounts(deps.db) },
  ...RETENTION_TASKS.map((task) => retentionJob(task)),
];

export interface JobLog {
  info(line: string): void;
  error(line: string, error: unknown): void;
}

const consoleLog: JobLog = {
  info: (line) => console.log(line),
  error: (line, error) => console.error(line, error),
};

export interface JobRunnerOptions {
  /** Names this process in job_schedule.last_worker (default host:pid). */
  workerId?: string;
  /** How often each job asks whether its round is due (default a quarter of its interval, 1–30 s; everyWorker jobs: their interval). */
  pollMs?: number;
  /** False: no timers, rounds run only through runDue() (tests). */
  timers?: boolean;
  log?: JobLog;
}

export interface JobRunner {
  /** Starts every job whose round is due and not taken by another worker; resolves with the names of those it ran. */
  runDue(): Promise<string[]>;
  /** Stops the timers, asks running rounds to end and waits for them. */
  stop(): Promise<void>;
}

/** Seconds, for make_interval(secs => …). */
const secs = (ms: number) => sql`make_interval(secs => ${ms / 1000}::double precision)`;

/** What a round did, for the log and job_schedule.last_result; null when it did nothing. */
function summarize(result: unknown): { text: string | null; more: boolean } {
  const rows = (n: number) => `${n} ${n === 1 ? "row" : "rows"}`;
  if (typeof result === "number") return { text: result > 0 ? rows(result) : null, more: false };
  if (result && typeof result === "object" && "rows" in result && "batches" in result) {
    const run = result as RetentionRun;
    return { text: run.rows > 0 ? `${rows(run.rows)} in ${run.batches} ${run.batches === 1 ? "batch" : "batches"}${run.more ? ", more left" : ""}` : null, more: run.more };
  }
  return { text: null, more: false };
}

/**
 * Runs the jobs on timers until `stop()`. Before a round a job claims its row
 * in job_schedule with one conditional upsert: only a job whose next round is
 * due and that nobody holds is claimed, so with several workers each round
 * runs once. A failing round is logged and the job runs again next interval;
 * a round that stopped with work left runs again at the next poll.
 */
export function startPeriodicJobs(deps: CoreDeps, jobs: PeriodicJob[] = PERIODIC_JOBS, options: JobRunnerOptions = {}): JobRunner {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  const log = options.log ?? consoleLog;
  const stopping = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const running = new Map<string, Promise<boolean>>();

  async function claim(job: PeriodicJob): Promise<string | null> {
    const token = randomUUID();
    const lockedUntil = sql`now() + ${secs(job.leaseMs ?? 10 * 60_000)}`;
    const claimed = await deps.db
      .insert(jobSchedule)
      .values({ name: job.name, nextRunAt: sql`now()`, lockedUntil, claimToken: token, lastWorker: workerId, lastStartedAt: sql`now()` })
      .onConflictDoUpdate({
        target: jobSchedule.name,
        set: { lockedUntil, claimToken: token, lastWorker: workerId, lastStartedAt: sql`now()` },
        setWhere: sql`${jobSchedule.nextRunAt} <= now() and (${jobSchedule.lockedUntil} is null or ${jobSchedule.lockedUntil} <= now())`,
      })
      .returning({ name: jobSchedule.name });
    return claimed.length > 0 ? token : null;
  }

  async function finish(job: PeriodicJob, token: string, summary: { text: string | null; more: boolean }, error: unknown) {
    await deps.db
      .update(jobSchedule)
      .set({
        nextRunAt: summary.more ? sql`now()` : sql`${jobSchedule.lastStartedAt} + ${secs(job.intervalMs)}`,
        lockedUntil: null,
        claimToken: null,
        lastFinishedAt: sql`now()`,
        lastResult: summary.text,
        lastError: error === undefined ? null : error instanceof Error ? error.message : String(error),
      })
      .where(and(eq(jobSchedule.name, job.name), eq(jobSchedule.claimToken, token)));
  }

  async function round(job: PeriodicJob): Promise<boolean> {
    const token = job.everyWorker ? null : await claim(job);
    if (!job.everyWorker && !token) return false;
    const started = Date.now();
    let summary = { text: null as string | null, more: false };
    let failure: unknown;
    try {
      summary = summarize(await job.run(deps, { signal: stopping.signal }));
      if (summary.text) log.info(`job ${job.name}: ${summary.text} (${Date.now() - started} ms)`);
    } catch (error) {
      failure = error;
      log.error(`job ${job.name} failed:`, error);
    }
    if (token) await finish(job, token, summary, failure);
    return true;
  }

  function tick(job: PeriodicJob): Promise<boolean> {
    if (stopping.signal.aborted) return Promise.resolve(false);
    const current = running.get(job.name);
    if (current) return current.then(() => false);
    const started = round(job)
      .catch((error) => {
        // The database is away: the claim (or its record) failed; the next poll tries again.
        log.error(`job ${job.name}: could not claim or record a round:`, error);
        return false;
      })
      .finally(() => running.delete(job.name));
    running.set(job.name, started);
    return started;
  }

  if (options.timers !== false) {
    for (const job of jobs) {
      // A claimed job asks often (the claim decides); a job every worker runs simply runs on its interval.
      const pollMs = options.pollMs ?? (job.everyWorker ? job.intervalMs : Math.min(30_000, Math.max(1000, job.intervalMs / 4)));
      timers.add(setInterval(() => void tick(job), pollMs));
      void tick(job);
    }
  }

  return {
    async runDue() {
      const ran = await Promise.all(jobs.map(async (job) => ((await tick(job)) ? job.name : null)));
      return ran.filter((name): name is string => name !== null);
    },
    async stop() {
      stopping.abort();
      for (const t of timers) clearInterval(t);
      await Promise.all(running.values());
    },
  };
}

export interface BackgroundWorkOptions extends JobRunnerOptions {
  /** Where letters go: SMTP, or the dev mailbox (transportFromEnv). */
  transport: MailTransport;
  jobs?: PeriodicJob[];
}

/** Everything that runs in the background: the periodic jobs and the email outbox sender. */
export function startBackgroundWork(deps: CoreDeps, options: BackgroundWorkOptions) {
  const jobs = startPeriodicJobs(deps, options.jobs ?? PERIODIC_JOBS, options);
  const mailSender = startMailSender(deps.db, options.transport);
  return {
    jobs,
    async stop() {
      await Promise.all([jobs.stop(), mailSender.stop()]);
    },
  };
}
