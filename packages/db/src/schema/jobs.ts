import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per periodic job: when its next round is due and who holds the
 * current one. A worker runs a round only after claiming the row (one
 * conditional upsert), so with any number of workers each round runs once;
 * a worker that dies mid-round leaves the lease to expire at `lockedUntil`.
 */
export const jobSchedule = pgTable("job_schedule", {
  name: text().primaryKey(),
  nextRunAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Set while a round runs; another worker may take the job over after it. */
  lockedUntil: timestamp({ withTimezone: true }),
  /** Random per claim, so only the round that claimed the row can finish it. */
  claimToken: text(),
  /** Host and process id of the worker that ran the last round. */
  lastWorker: text(),
  lastStartedAt: timestamp({ withTimezone: true }),
  lastFinishedAt: timestamp({ withTimezone: true }),
  /** Short summary of what the last round did, e.g. "120 rows in 3 batches". */
  lastResult: text(),
  lastError: text(),
});
