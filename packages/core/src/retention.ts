import { and, inArray, isNotNull, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { RETENTION_DEFAULTS, type RetentionSettings } from "@bilet/config";
import { auditLog, emailOutbox, emailTokens, invitations, notifications, oidcLogins, rateLimits, sessions, type Database } from "@bilet/db";
import { LIMITS } from "./rate-limit.ts";

/**
 * Data that does not grow forever (README «Data retention», docs/decisions/0012-…).
 * Each task removes (or, for letters' bodies, clears) one bounded batch of rows
 * that have aged out; `runRetention` repeats it until a batch comes back short
 * or the time budget is spent. A batch is one statement that picks its rows
 * with FOR UPDATE SKIP LOCKED, so two workers never wait on each other and a
 * batch never holds more than `batchSize` row locks.
 */
export interface RetentionTask {
  name: string;
  /** Handles at most `limit` aged rows; returns how many it handled. 0 terms mean «keep forever»: skip. */
  batch(db: Database, policy: RetentionSettings, limit: number): Promise<number>;
  /** False when the policy keeps this data forever. */
  enabled(policy: RetentionSettings): boolean;
}

/** Rate-limit rows are dead once their window is over; kept a week, longer than any limit's window. */
export const RATE_LIMIT_ROWS_KEPT_SECONDS = 7 * 24 * 60 * 60;

/** Deletes at most `limit` rows of `table` matching `where` (claimed with SKIP LOCKED); answers how many. */
async function deleteBatch(db: Database, table: PgTable, key: PgColumn, where: SQL | undefined, limit: number, oldestFirst?: PgColumn): Promise<number> {
  const aged = db
    .select({ key })
    .from(table)
    .where(where)
    .orderBy(...(oldestFirst ? [oldestFirst] : []))
    .limit(limit)
    .for("update", { skipLocked: true });
  const done = await db.delete(table).where(inArray(key, aged)).returning({ key });
  return done.length;
}

const monthsAgo = (months: number) => sql`now() - make_interval(months => ${months}::int)`;
const daysAgo = (days: number) => sql`now() - make_interval(days => ${days}::int)`;

/** Read notifications created more than `readNotificationMonths` ago; unread ones stay until read. */
const readNotifications: RetentionTask = {
  name: "notifications",
  enabled: (p) => p.readNotificationMonths > 0,
  batch: (db, p, limit) => deleteBatch(db, notifications, notifications.id, and(isNotNull(notifications.readAt), lt(notifications.createdAt, monthsAgo(p.readNotificationMonths))), limit),
};

/**
 * The bodies of letters that have left the outbox (sent, captured for the dev
 * mailbox, or failed for good): the letter's record stays (address, subject,
 * template, status, when, headers for threading replies). Pending letters are never touched.
 */
const bodiesKept = sql`${emailOutbox.status} <> 'pending' and (${emailOutbox.textBody} <> '' or ${emailOutbox.htmlBody} <> '')`;
const emailBodies: RetentionTask = {
  name: "email-bodies",
  enabled: (p) => p.emailBodyDays > 0,
  async batch(db, p, limit) {
    const aged = db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(bodiesKept, lt(emailOutbox.createdAt, daysAgo(p.emailBodyDays))))
      .limit(limit)
      .for("update", { skipLocked: true });
    const done = await db.update(emailOutbox).set({ textBody: "", htmlBody: "" }).where(inArray(emailOutbox.id, aged)).returning({ id: emailOutbox.id });
    return done.length;
  },
};

/** Records of letters (already without bodies) older than the audit term; never a pending one. */
const emailRecords: RetentionTask = {
  name: "email-records",
  enabled: (p) => p.auditMonths > 0,
  batch: (db, p, limit) => deleteBatch(db, emailOutbox, emailOutbox.id, and(ne(emailOutbox.status, "pending"), lt(emailOutbox.createdAt, monthsAgo(p.auditMonths))), limit),
};

/**
 * One-time links past their expiry by `linkDays` (used ones included: a link is
 * used before it expires). Until then an old link still says «уже использована»
 * rather than «не найдена».
 */
const links: RetentionTask = {
  name: "links",
  enabled: (p) => p.linkDays > 0,
  batch: (db, p, limit) => deleteBatch(db, emailTokens, emailTokens.id, lt(emailTokens.expiresAt, daysAgo(p.linkDays)), limit),
};

/** ESIA logins in progress that expired `linkDays` ago (they live minutes). */
const esiaLogins: RetentionTask = {
  name: "esia-logins",
  enabled: (p) => p.linkDays > 0,
  batch: (db, p, limit) => deleteBatch(db, oidcLogins, oidcLogins.id, lt(oidcLogins.expiresAt, daysAgo(p.linkDays)), limit),
};

/**
 * Invitations that stopped being usable (accepted, revoked, or expired) more
 * than `invitationDays` ago. An expired one goes only after its inviter was told.
 */
const closedAt = sql`coalesce(${invitations.acceptedAt}, ${invitations.revokedAt}, ${invitations.expiresAt})`;
const closedInvitations: RetentionTask = {
  name: "invitations",
  enabled: (p) => p.invitationDays > 0,
  batch: (db, p, limit) => deleteBatch(db, invitations, invitations.id, and(lt(closedAt, daysAgo(p.invitationDays)), or(ne(invitations.status, "pending"), isNotNull(invitations.expiryNotifiedAt))), limit),
};

/** Rate-limit windows long over: the next hit on such a key starts a new window anyway. */
const rateLimitRows: RetentionTask = {
  name: "rate-limits",
  enabled: () => true,
  batch: (db, _p, limit) => deleteBatch(db, rateLimits, rateLimits.key, lt(rateLimits.windowStartedAt, sql`now() - make_interval(secs => ${RATE_LIMIT_ROWS_KEPT_SECONDS}::int)`), limit),
};

/** The audit log past its legal term (docs/decisions/0012-…), oldest first. */
const auditEntries: RetentionTask = {
  name: "audit",
  enabled: (p) => p.auditMonths > 0,
  batch: (db, p, limit) => deleteBatch(db, auditLog, auditLog.id, lt(auditLog.createdAt, monthsAgo(p.auditMonths)), limit, auditLog.createdAt),
};

/** Sessions past their expiry (lucia's own cleanup is one unbounded DELETE). */
export const expiredSessions: RetentionTask = {
  name: "sessions",
  enabled: () => true,
  batch: (db, _p, limit) => deleteBatch(db, sessions, sessions.id, lte(sessions.expiresAt, sql`now()`), limit),
};

/** Every retention task but sessions (which has its own job, session-cleanup). */
export const RETENTION_TASKS: RetentionTask[] = [readNotifications, emailBodies, emailRecords, links, esiaLogins, closedInvitations, rateLimitRows, auditEntries];

export interface RetentionRun {
  /** Rows removed or cleared. */
  rows: number;
  /** Statements run (a short last batch included). */
  batches: number;
  /** True when the run stopped at the time budget or on stop with work possibly left. */
  more: boolean;
}

export interface RetentionOptions {
  /** Rows per statement; default the policy's batchSize. */
  batchSize?: number;
  /** Stop starting new batches after this long (default 20 s); the next round goes on. */
  timeBudgetMs?: number;
  /** Stops between batches (a worker shutting down). */
  signal?: AbortSignal;
}

/** Repeats the task's batch until one comes back short, the budget is spent, or `signal` stops it. */
export async function runRetention(db: Database, task: RetentionTask, policy: RetentionSettings = RETENTION_DEFAULTS, options: RetentionOptions = {}): Promise<RetentionRun> {
  const run: RetentionRun = { rows: 0, batches: 0, more: false };
  if (!task.enabled(policy)) return run;
  const limit = options.batchSize ?? policy.batchSize;
  const deadline = Date.now() + (options.timeBudgetMs ?? 20_000);
  for (;;) {
    const handled = await task.batch(db, policy, limit);
    run.rows += handled;
    run.batches += 1;
    if (handled < limit) return run;
    if (Date.now() >= deadline || options.signal?.aborted) return { ...run, more: true };
  }
}

/** For the README and tests: every limit's window fits in the time its row is kept. */
export const longestLimitWindowSeconds = (): number => Math.max(...Object.values(LIMITS).map((l) => l.windowSeconds));
