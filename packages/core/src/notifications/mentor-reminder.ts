import { and, eq, gt, lte, sql } from "drizzle-orm";
import { enrollments, notifications, trialMentors, trials, type DbOrTx } from "@bilet/db";
import { formatDateTime } from "@bilet/validators";
import { notifyUser } from "../notifications.ts";

/** A mentor is reminded of each of their trials this many hours before its start. */
export const MENTOR_REMINDER_HOURS = 24;

/**
 * Reminds each mentor of their published trials starting within a day, once
 * per trial and mentor (the stored notice is the mark). A mentor assigned
 * later than that is reminded at once. Rows are claimed with SKIP LOCKED and
 * the mark is re-read after the claim, so several instances never send two.
 */
export async function remindMentorsOfTrials(db: DbOrTx, batch = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const reminded = sql`exists (select 1 from ${notifications} n where n.user_id = ${trialMentors.mentorId} and n.type = 'trial.starts_soon' and n.data->>'trialId' = ${trialMentors.trialId}::text)`;
    const due = await tx
      .select({ trialId: trialMentors.trialId, mentorId: trialMentors.mentorId })
      .from(trialMentors)
      .innerJoin(trials, eq(trials.id, trialMentors.trialId))
      .where(and(eq(trials.status, "published"), gt(trials.startsAt, sql`now()`), lte(trials.startsAt, sql`now() + make_interval(hours => ${MENTOR_REMINDER_HOURS})`), sql`not ${reminded}`))
      .limit(batch)
      .for("update", { of: trialMentors, skipLocked: true });
    let sent = 0;
    for (const { trialId, mentorId } of due) {
      // Another instance may have reminded and committed between our read and our claim: read the mark again.
      const [again] = await tx.select({ done: reminded }).from(trialMentors).where(and(eq(trialMentors.trialId, trialId), eq(trialMentors.mentorId, mentorId)));
      if (again?.done) continue;
      const [trial] = await tx.select().from(trials).where(eq(trials.id, trialId));
      const [confirmed] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(enrollments)
        .where(and(eq(enrollments.trialId, trialId), eq(enrollments.status, "confirmed")));
      await notifyUser(tx, mentorId, {
        type: "trial.starts_soon",
        title: `Скоро проба «${trial!.title}»: ${formatDateTime(trial!.startsAt)}`,
        body: `Участников с подтверждённым участием: ${confirmed?.n ?? 0}. Список участников и отметка посещения — на странице пробы.`,
        link: `/mentor/trials/${trialId}`,
        data: { trialId },
      });
      sent += 1;
    }
    return sent;
  });
}
