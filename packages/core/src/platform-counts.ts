import { and, eq, lt, sql } from "drizzle-orm";
import { platformCounts, type DbOrTx } from "@bilet/db";
import type { Actor } from "./deps.ts";
import { AppError } from "./errors.ts";
import { countUsersByRole, type RoleCount } from "./profiles.ts";
import { tallyPlans } from "./recommendations/service.ts";

/** What the staff cabinet shows at its top: people by role, study plans by grade and region. */
export interface StaffCounts {
  users: RoleCount[];
  plans: Awaited<ReturnType<typeof tallyPlans>>;
}

const STAFF = "staff";

/** The periodic job refreshes the counts at most this often; the page may show numbers this old. */
export const COUNTS_REFRESH_MS = 60_000;

async function countNow(db: DbOrTx): Promise<StaffCounts> {
  return { users: await countUsersByRole(db), plans: await tallyPlans(db) };
}

/**
 * Counts again and stores the result, unless the stored counts are younger
 * than `olderThanMs` or another process is counting right now (its row lock
 * is skipped): with several workers, one counts and the others return at once.
 * True when this call counted.
 */
export async function refreshPlatformCounts(db: DbOrTx, options: { olderThanMs?: number } = {}): Promise<boolean> {
  const olderThanMs = options.olderThanMs ?? COUNTS_REFRESH_MS - 10_000;
  const [stored] = await db.select({ refreshedAt: platformCounts.refreshedAt }).from(platformCounts).where(eq(platformCounts.name, STAFF));
  if (!stored) {
    // The very first count; two first runners both counting once is harmless.
    const data = await countNow(db);
    const inserted = await db
      .insert(platformCounts)
      .values({ name: STAFF, data: data as unknown as Record<string, unknown>, refreshedAt: sql`now()` })
      .onConflictDoNothing()
      .returning({ name: platformCounts.name });
    return inserted.length === 1;
  }
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .select({ name: platformCounts.name })
      .from(platformCounts)
      .where(and(eq(platformCounts.name, STAFF), lt(platformCounts.refreshedAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`)))
      .for("update", { skipLocked: true });
    if (!claimed) return false;
    const data = await countNow(tx);
    await tx
      .update(platformCounts)
      .set({ data: data as unknown as Record<string, unknown>, refreshedAt: sql`now()` })
      .where(eq(platformCounts.name, STAFF));
    return true;
  });
}

/**
 * The staff cabinet's counts as last refreshed, with the moment they were
 * counted. Before the job's first round they are counted here, once.
 */
export async function staffCounts(db: DbOrTx, actor: Actor): Promise<StaffCounts & { countedAt: string }> {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Раздел для оператора проекта");
  const read = async () => (await db.select().from(platformCounts).where(eq(platformCounts.name, STAFF)))[0];
  let row = await read();
  if (!row) {
    await refreshPlatformCounts(db);
    row = await read();
  }
  if (!row) return { ...(await countNow(db)), countedAt: new Date().toISOString() };
  return { ...(row.data as unknown as StaffCounts), countedAt: row.refreshedAt.toISOString() };
}
