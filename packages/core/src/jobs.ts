import type { CoreDeps } from "./deps.ts";
import { notifyExpiredInvitations } from "./family.ts";
import { expireStaleApprovals } from "./trials/enrollment.ts";

export interface PeriodicJob {
  name: string;
  intervalMs: number;
  run(deps: CoreDeps): Promise<unknown>;
}

/**
 * Background work every app instance runs. Each job claims its rows with
 * SKIP LOCKED (or is idempotent), so running it on several instances is safe.
 */
export const PERIODIC_JOBS: PeriodicJob[] = [
  { name: "invitation-expiry", intervalMs: 60_000, run: (deps) => notifyExpiredInvitations(deps.db) },
  { name: "approval-expiry", intervalMs: 60_000, run: (deps) => expireStaleApprovals(deps.db, deps.approvalHours) },
  { name: "session-cleanup", intervalMs: 60 * 60_000, run: (deps) => deps.sessions.deleteExpired() },
];

/** Runs the jobs on timers until `stop()`; a failing round is logged and retried next time. */
export function startPeriodicJobs(deps: CoreDeps, jobs: PeriodicJob[] = PERIODIC_JOBS) {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  for (const job of jobs) {
    const tick = () => {
      if (stopped) return;
      const round = job
        .run(deps)
        .catch((error) => console.error(`job ${job.name}:`, error))
        .finally(() => running.delete(round));
      running.add(round);
    };
    timers.add(setInterval(tick, job.intervalMs));
    tick();
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all(running);
    },
  };
}
