import { eq, max, sql } from "drizzle-orm";
import { queryRows, schoolYearTransitions, studentProfiles, type DbOrTx } from "@bilet/db";
import { audit } from "./audit.ts";
import { DEFAULT_SCHOOL_YEAR_START, LAST_GRADE, moveUpDue, schoolYearBegins } from "./school-year-rule.ts";

export interface MoveUpResult {
  year: number;
  movedUp: number;
  graduated: number;
}

/** Students per statement: each UPDATE stays far below the statement timeout, however many students there are. */
const BATCH = 5000;

/**
 * The yearly move-up (a periodic job; docs in the README). Once the school
 * year `Y` has begun, every student who is not a graduate and whose profile
 * was made before Y began moves up a grade; an 11th-grader becomes a graduate
 * (`graduatedAt`, the grade stays 11). Students who joined after Y began gave
 * their grade of Y already and are left alone.
 *
 * Runs once per school year whatever the number of workers: the transaction
 * claims Y by inserting its row into school_year_transitions (a second worker's
 * insert waits for the first to commit and then finds the row), and the row,
 * the grades and the counts commit together or not at all. The updates go in
 * batches by primary key, so no statement touches more than BATCH rows.
 *
 * Nobody is notified: a notice to every student at once would be one row and
 * one live signal per student in a single transaction. The new grade or the
 * «Выпускник» status shows in the cabinet and the profile, where a wrong grade
 * can be corrected.
 */
export async function runSchoolYearMoveUp(db: DbOrTx, options: { start?: string; now?: Date; batchSize?: number } = {}): Promise<MoveUpResult | null> {
  const start = options.start ?? DEFAULT_SCHOOL_YEAR_START;
  const now = options.now ?? new Date();
  const [last] = await db.select({ year: max(schoolYearTransitions.year) }).from(schoolYearTransitions);
  const year = moveUpDue(now, last?.year ?? null, start);
  if (year === null) return null;
  const begins = schoolYearBegins(year, start);
  const batch = options.batchSize ?? BATCH;

  return db.transaction(async (tx) => {
    const [claimed] = await tx.insert(schoolYearTransitions).values({ year, movedUp: 0, graduated: 0, ranAt: now }).onConflictDoNothing().returning({ year: schoolYearTransitions.year });
    if (!claimed) return null;
    let movedUp = 0;
    let graduated = 0;
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      // In SET and in the CASEs, `grade` is the value before the update.
      const rows = await queryRows<{ user_id: string; graduated: boolean }>(
        tx,
        sql`with batch as (
              select user_id from ${studentProfiles}
              where graduated_at is null and created_at < ${begins.toISOString()}::timestamptz and user_id > ${after}::uuid
              order by user_id limit ${batch})
            update ${studentProfiles} p
            set grade = case when p.grade < ${LAST_GRADE} then p.grade + 1 else p.grade end,
                graduated_at = case when p.grade >= ${LAST_GRADE} then ${now.toISOString()}::timestamptz end
            from batch where p.user_id = batch.user_id
            returning p.user_id::text as user_id, p.graduated_at is not null as graduated`,
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        if (row.graduated) graduated += 1;
        else movedUp += 1;
        // Canonical lower-case uuids sort as text the way PostgreSQL sorts uuids.
        if (row.user_id > after) after = row.user_id;
      }
      if (rows.length < batch) break;
    }
    await tx.update(schoolYearTransitions).set({ movedUp, graduated }).where(eq(schoolYearTransitions.year, year));
    await audit(tx, { action: "school_year.moved_up", subjectType: "school_year", subjectId: String(year), data: { year, movedUp, graduated } });
    return { year, movedUp, graduated };
  });
}
